package io.ib3.shell;

import io.ib3.error.Ib3Exception;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The options before the command: {@code ib3 [--debug] [--profile NAME] [--script FILE
 * [--continue-on-error]] [--version] [--help] [COMMAND ARGS…]}. Everything from the first word
 * that is not a global option on belongs to the command.
 *
 * @param command the command words; empty for the console or a script
 */
public record GlobalOptions(boolean debug, String profile, Path script, boolean continueOnError,
                            boolean version, boolean help, List<String> command) {

    public static final String USAGE = """
            usage: ib3 [GLOBAL OPTIONS] [COMMAND [OPTIONS]]
              (no command)            interactive console
              COMMAND ...             run one command and exit with its code
              --script FILE           run a command file; stops at the first failing line
              --continue-on-error     with --script: run every line, exit non-zero at the end
              --profile NAME          start with a profile in use (like: profile use NAME)
              --debug                 stack traces on errors
              --version               print the version
              --help                  this text; 'ib3 help' lists the commands
            exit codes: 0 ok, 1 failed, 2 usage, 3 verification failed, 4 refused
            """;

    /**
     * @throws Ib3Exception usage for an unknown global option or a missing value
     */
    public static GlobalOptions parse(String[] args) {
        boolean debug = false;
        boolean continueOnError = false;
        boolean version = false;
        boolean help = false;
        String profile = null;
        Path script = null;
        int i = 0;
        for (; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("-")) {
                break;
            }
            switch (a) {
                case "--debug" -> debug = true;
                case "--continue-on-error" -> continueOnError = true;
                case "--version" -> version = true;
                case "--help", "-h" -> help = true;
                case "--profile" -> profile = value(args, ++i, a);
                case "--script" -> script = Path.of(value(args, ++i, a));
                default -> {
                    if (a.startsWith("--profile=")) {
                        profile = a.substring("--profile=".length());
                    } else if (a.startsWith("--script=")) {
                        script = Path.of(a.substring("--script=".length()));
                    } else {
                        throw Ib3Exception.usage("unknown global option " + a,
                                "global options go before the command: --debug, --profile NAME, --script FILE, --continue-on-error, --version, --help");
                    }
                }
            }
        }
        List<String> command = new ArrayList<>(List.of(args).subList(i, args.length));
        if (script != null && !command.isEmpty()) {
            throw Ib3Exception.usage("--script runs a file; the command '" + String.join(" ", command) + "' cannot be given with it",
                    "put the command in the file, or run it without --script");
        }
        if (continueOnError && script == null) {
            throw Ib3Exception.usage("--continue-on-error needs --script FILE");
        }
        return new GlobalOptions(debug, profile, script, continueOnError, version, help, List.copyOf(command));
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw Ib3Exception.usage("global option " + option + " needs a value");
        }
        return args[i];
    }
}
