package io.ib3.plan;

/** What a plan does. */
public enum Operation {
    BACKUP, RESTORE
}
