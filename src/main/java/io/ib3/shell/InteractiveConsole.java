package io.ib3.shell;

import io.ib3.host.Host;
import io.ib3.session.Session;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;
import org.springframework.shell.core.command.CommandRegistry;
import org.springframework.shell.jline.ExtendedDefaultParser;
import org.springframework.shell.jline.JLineInputReader;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * The REPL: JLine line editing with history and TAB completion, a prompt showing the current
 * mount and folder. Ctrl-C drops the line being typed (or interrupts the running command), Ctrl-D
 * or {@code exit}/{@code quit} leaves. A failing command prints its error and the console goes on.
 */
public final class InteractiveConsole {

    private final Ib3Shell shell;
    private final Session session;
    private final CommandRegistry registry;
    private final Printer printer;
    private final ConsoleMode mode;
    private final Host host;

    public InteractiveConsole(Ib3Shell shell, CommandRegistry registry, Printer printer, ConsoleMode mode, Host host) {
        this.shell = shell;
        this.session = shell.session();
        this.registry = registry;
        this.printer = printer;
        this.mode = mode;
        this.host = host;
    }

    /** Where the history is kept: {@code $IB3_HOME/history}, else {@code ~/.ib3_history}. */
    public static Path historyFile(Host host) {
        Path home = host.ib3Home();
        return home != null ? home.resolve("history") : host.home().resolve(".ib3_history");
    }

    /** Runs until the user leaves; returns 0. */
    public int run() throws IOException {
        try (Terminal terminal = TerminalBuilder.builder().name("ib3").system(true).build()) {
            ExtendedDefaultParser parser = new ExtendedDefaultParser();
            parser.setEofOnUnclosedQuote(true);
            LineReader reader = LineReaderBuilder.builder()
                    .terminal(terminal)
                    .appName("ib3")
                    .completer(new Ib3Completer(registry))
                    .parser(parser)
                    .variable(LineReader.HISTORY_FILE, historyFile(host))
                    .history(new SecretFreeHistory())
                    .build();
            // '!' is common in keys and passwords-free command lines; no bash-style history expansion
            reader.setOpt(LineReader.Option.DISABLE_EVENT_EXPANSION);
            PrintWriter out = terminal.writer();
            shell.useStreams(out, out, new JLineInputReader(reader));
            mode.setInteractive(true);
            printer.setDecorated(true, terminal.getWidth());
            out.println("ib3 console: type help for commands, TAB to complete, exit or Ctrl-D to leave");
            out.flush();
            while (true) {
                String line;
                try {
                    line = reader.readLine(prompt(terminal));
                } catch (UserInterruptException e) {
                    continue;
                } catch (EndOfFileException e) {
                    break;
                }
                String command = line.strip();
                if (command.isEmpty() || command.startsWith("#")) {
                    continue;
                }
                if (command.equals("exit") || command.equals("quit")) {
                    break;
                }
                printer.setDecorated(true, terminal.getWidth());
                Thread worker = Thread.currentThread();
                Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, signal -> worker.interrupt());
                try {
                    shell.runLine(command, "");
                } finally {
                    terminal.handle(Terminal.Signal.INT, previous);
                    Thread.interrupted();
                }
            }
            reader.getHistory().save();
            return 0;
        }
    }

    private String prompt(Terminal terminal) {
        AttributedStringBuilder prompt = new AttributedStringBuilder()
                .style(AttributedStyle.BOLD.foreground(AttributedStyle.CYAN)).append("ib3")
                .style(AttributedStyle.DEFAULT);
        String cwd = session.cwd();
        if (!cwd.isEmpty()) {
            prompt.append(' ').style(AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN)).append(cwd)
                    .style(AttributedStyle.DEFAULT);
        }
        return prompt.append("> ").toAnsi(terminal);
    }
}
