package io.ib3.shell;

import io.ib3.error.CommandResultException;
import io.ib3.error.ExitCode;
import io.ib3.error.Ib3Exception;
import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.annotation.Argument;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.shell.core.command.annotation.Option;

import java.nio.file.Path;

/** {@code script FILE}: runs a command file from the console, as {@code --script FILE} does from the command line. */
public class ScriptCommands {

    private final Ib3Shell shell;

    public ScriptCommands(Ib3Shell shell) {
        this.shell = shell;
    }

    @Command(name = "script", group = "Built-In Commands",
            description = "script FILE: run a command file (# comments, ${ENV}); stops at the first failure")
    public void runScript(@Argument(index = 0, description = "command file") String file,
                          @Option(longName = "continue-on-error", description = "run every line, fail at the end") boolean continueOnError,
                          CommandContext ctx) {
        if (file.isEmpty()) {
            throw Ib3Exception.usage("script needs a FILE");
        }
        int code = shell.runScript(Path.of(file), continueOnError, ctx.outputWriter());
        if (code != 0) {
            ExitCode exit = java.util.Arrays.stream(ExitCode.values()).filter(c -> c.code() == code).findFirst().orElse(ExitCode.FAILED);
            // the failing line has been reported already
            throw new CommandResultException(exit, "script " + file + " failed");
        }
    }
}
