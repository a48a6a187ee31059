package io.ib3.shell;

import io.ib3.batch.LineExecutor;
import io.ib3.batch.ScriptRunner;
import io.ib3.error.ExitCode;
import io.ib3.error.Ib3Exception;
import io.ib3.host.Host;
import io.ib3.session.Session;
import org.springframework.shell.core.InputReader;
import org.springframework.shell.core.command.Command;
import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.CommandRegistry;
import org.springframework.shell.core.command.ExitStatus;
import org.springframework.shell.core.command.ParsedInput;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Runs command lines: parse with {@link Ib3CommandParser}, execute the command from the registry,
 * turn any failure into an exit code through the {@link ErrorReporter}. The REPL, one-shot runs
 * and command files all go through here, so they behave alike. Replaces Spring Shell's runners
 * (bean {@code shellRunner}), which lose exit codes in 4.0.1.
 */
public final class Ib3Shell {

    /** A script may run another one; this stops a script that runs itself. */
    private static final int MAX_SCRIPT_DEPTH = 8;

    private final CommandRegistry registry;
    private final Ib3CommandParser parser;
    private final ErrorReporter reporter;
    private final Session session;
    private final Host host;
    private PrintWriter out = new PrintWriter(System.out, true);
    private PrintWriter err = new PrintWriter(System.err, true);
    private InputReader input = new NoInput();
    private int scriptDepth;

    public Ib3Shell(CommandRegistry registry, Ib3CommandParser parser, ErrorReporter reporter, Session session, Host host) {
        this.registry = registry;
        this.parser = parser;
        this.reporter = reporter;
        this.session = session;
        this.host = host;
    }

    /** Where commands print, where errors go, and where confirmations are read. */
    public void useStreams(PrintWriter out, PrintWriter err, InputReader input) {
        this.out = out;
        this.err = err;
        this.input = input;
    }

    public PrintWriter err() {
        return err;
    }

    public Session session() {
        return session;
    }

    /** Runs one command line; returns its exit code. */
    public int runLine(String line, String where) {
        return runLine(line, where, out, UnaryOperator.identity());
    }

    private int runLine(String line, String where, PrintWriter to, UnaryOperator<String> redact) {
        try {
            return execute(parser.parse(line), to);
        } catch (Exception e) {
            return reporter.report(e, err, where, redact);
        }
    }

    /** Runs a command given as program arguments, already split into words. */
    public int runWords(List<String> words) {
        try {
            return execute(parser.parseWords(words), out);
        } catch (Exception e) {
            return reporter.report(e, err, "");
        }
    }

    /** Reports a failure outside any command (a bad global option, a profile given with --profile). */
    public int report(Throwable failure) {
        return reporter.report(failure, err, "");
    }

    /**
     * Runs a command file (see {@link ScriptRunner}); command output goes to {@code to}.
     *
     * @return the exit code of the script
     */
    public int runScript(Path file, boolean continueOnError, PrintWriter to) {
        if (scriptDepth >= MAX_SCRIPT_DEPTH) {
            return reporter.report(Ib3Exception.usage("scripts nested deeper than " + MAX_SCRIPT_DEPTH + " at " + file,
                    "a script probably runs itself"), err, "");
        }
        Path resolved = host.workDir().resolve(file);
        scriptDepth++;
        try {
            return new ScriptRunner(host.env(), err).run(resolved, continueOnError, new LineExecutor() {
                @Override
                public int execute(String line, String where, UnaryOperator<String> redact) {
                    return runLine(line, where, to, redact);
                }

                @Override
                public int report(Ib3Exception failure, String where) {
                    return reporter.report(failure, err, where);
                }
            });
        } finally {
            scriptDepth--;
        }
    }

    private int execute(ParsedInput parsed, PrintWriter to) throws Exception {
        String name = parsed.subCommands().isEmpty() ? parsed.commandName()
                : parsed.commandName() + " " + String.join(" ", parsed.subCommands());
        Command command = registry.getCommandByName(name);
        if (command == null) {
            throw new UnknownCommandException(name, "type help for the list of commands");
        }
        try {
            ExitStatus status = command.execute(new CommandContext(parsed, registry, to, input));
            return exitCode(status);
        } finally {
            to.flush();
        }
    }

    /** Spring Shell's statuses are negative; scripts need ib3's numbers. */
    static int exitCode(ExitStatus status) {
        if (status == null || status.code() == 0) {
            return ExitCode.OK.code();
        }
        if (status.code() == ExitStatus.USAGE_ERROR.code()) {
            return ExitCode.USAGE.code();
        }
        return status.code() > 0 ? status.code() : ExitCode.FAILED.code();
    }

    /** Batch and one-shot runs cannot ask questions; commands must be given --yes instead. */
    public static final class NoInput implements InputReader {
        @Override
        public String readInput(String prompt) {
            throw Ib3Exception.refused("cannot ask for confirmation outside the interactive console", "add --yes");
        }
    }
}
