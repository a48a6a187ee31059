package io.ib3;

import io.ib3.error.Ib3Exception;
import io.ib3.host.Host;
import io.ib3.shell.ConsoleMode;
import io.ib3.shell.ErrorReporter;
import io.ib3.shell.GlobalOptions;
import io.ib3.shell.Ib3Shell;
import io.ib3.shell.InteractiveConsole;
import io.ib3.shell.Printer;
import io.ib3.shell.ShellConfig;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.shell.core.command.CommandRegistry;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * Entry point: {@code java -jar ib3.jar} (console), {@code java -jar ib3.jar COMMAND …} (one
 * command, its exit code), {@code java -jar ib3.jar --script FILE} (command file). A plain Spring
 * context, no Spring Boot: start-up time matters for one-shot use.
 */
public final class App {

    /**
     * Spring Shell's help boots Hibernate Validator, which announces itself on stderr through JUL.
     * Held here: JUL keeps loggers weakly, and a collected logger forgets its level.
     */
    private static final java.util.logging.Logger QUIET_VALIDATOR = java.util.logging.Logger.getLogger("org.hibernate.validator");

    private App() {
    }

    public static void main(String[] args) {
        int code = run(args, Host.system(), System.out, System.err, isTerminal());
        System.exit(code);
    }

    /**
     * Runs ib3 in this JVM and returns the exit code (tests call this with their own streams).
     *
     * @param terminal stdout is a terminal: tables get borders
     */
    public static int run(String[] args, Host host, PrintStream stdout, PrintStream stderr, boolean terminal) {
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(stdout, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(stderr, StandardCharsets.UTF_8), true);
        GlobalOptions options;
        try {
            options = GlobalOptions.parse(args);
        } catch (Ib3Exception e) {
            return new ErrorReporter(false).report(e, err, "");
        }
        if (options.help()) {
            out.print(GlobalOptions.USAGE);
            out.flush();
            return 0;
        }
        if (options.version()) {
            out.println("ib3 " + version());
            return 0;
        }
        QUIET_VALIDATOR.setLevel(java.util.logging.Level.WARNING);
        try (AnnotationConfigApplicationContext context = context(host)) {
            context.getBean(ErrorReporter.class).setDebug(options.debug());
            context.getBean(Printer.class).setDecorated(terminal, 120);
            Ib3Shell shell = context.getBean(Ib3Shell.class);
            shell.useStreams(out, err, new Ib3Shell.NoInput());
            if (options.profile() != null) {
                try {
                    shell.session().use(options.profile());
                } catch (Ib3Exception e) {
                    return shell.report(e);
                }
            }
            if (options.script() != null) {
                return shell.runScript(options.script(), options.continueOnError(), out);
            }
            if (!options.command().isEmpty()) {
                return shell.runWords(options.command());
            }
            return new InteractiveConsole(shell, context.getBean(CommandRegistry.class), context.getBean(Printer.class),
                    context.getBean(ConsoleMode.class), host).run();
        } catch (Exception e) {
            // the context itself failed to start, or the terminal could not be opened
            return new ErrorReporter(options.debug()).report(e, err, "");
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** The console's Spring context for a host. */
    public static AnnotationConfigApplicationContext context(Host host) {
        AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
        context.registerBean(Host.class, () -> host);
        context.register(ShellConfig.class);
        context.refresh();
        return context;
    }

    static String version() {
        String v = App.class.getPackage().getImplementationVersion();
        return v == null ? "(development build)" : v;
    }

    /** Java 17: a console exists only when stdin and stdout are terminals; later JDKs say so with isTerminal(). */
    private static boolean isTerminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
