package io.ib3.shell;

/** Whether a person is at the console (REPL) or ib3 runs a one-shot command or a script. */
public final class ConsoleMode {

    private volatile boolean interactive;

    public boolean interactive() {
        return interactive;
    }

    public void setInteractive(boolean interactive) {
        this.interactive = interactive;
    }
}
