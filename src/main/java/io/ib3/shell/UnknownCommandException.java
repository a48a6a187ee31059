package io.ib3.shell;

import io.ib3.error.ExitCode;
import io.ib3.error.Ib3Exception;
import io.ib3.store.Keys;

/** The first word of a line is no command (exit 2). */
public final class UnknownCommandException extends Ib3Exception {

    private final String commandName;

    public UnknownCommandException(String commandName, String... hints) {
        super(ExitCode.USAGE, "unknown command '" + Keys.printable(commandName) + "'", hints);
        this.commandName = commandName;
    }

    public String commandName() {
        return commandName;
    }
}
