package io.ib3.shell;

import io.ib3.error.Ib3Exception;
import org.springframework.shell.core.command.Command;
import org.springframework.shell.core.command.CommandArgument;
import org.springframework.shell.core.command.CommandOption;
import org.springframework.shell.core.command.CommandParser;
import org.springframework.shell.core.command.CommandRegistry;
import org.springframework.shell.core.command.ParsedInput;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * ib3's command-line parser, replacing Spring Shell's {@code DefaultCommandParser} (bean
 * {@code commandParser}). It knows each command's options from the registry, so boolean options
 * ({@code --json}, {@code -l}) never take the next word as their value, and a bad line is a usage
 * error (exit 2) that names the option at fault.
 *
 * <p>Syntax: {@code --opt value}, {@code --opt=value}, {@code -x value}, {@code -x=value}, grouped
 * boolean short flags ({@code -lh}), {@code --} ends options. {@code CMD --help} becomes
 * {@code help CMD}. Options of array or collection type may repeat (read them all with
 * {@link ShellOptions#all}); any other option given twice is an error.
 */
public final class Ib3CommandParser implements CommandParser {

    /** Longest command name, in words ({@code plan backup}, {@code profile save}). */
    private static final int MAX_NAME_WORDS = 3;

    private final CommandRegistry registry;

    public Ib3CommandParser(CommandRegistry registry) {
        this.registry = registry;
    }

    @Override
    public ParsedInput parse(String input) {
        return parseWords(LineSplitter.split(input));
    }

    /** Parses words already split (program arguments of a one-shot run). */
    public ParsedInput parseWords(List<String> words) {
        if (words.isEmpty()) {
            throw Ib3Exception.usage("empty command", "type help for the list of commands");
        }
        int nameWords = 0;
        Command command = null;
        for (int k = Math.min(MAX_NAME_WORDS, words.size()); k >= 1 && command == null; k--) {
            if (words.subList(0, k).stream().anyMatch(w -> w.startsWith("-"))) {
                continue;
            }
            command = registry.getCommandByName(String.join(" ", words.subList(0, k)));
            nameWords = command == null ? 0 : k;
        }
        if (command == null) {
            throw unknownCommand(words);
        }
        List<String> rest = words.subList(nameWords, words.size());
        if (asksForHelp(rest)) {
            ParsedInput.Builder help = ParsedInput.builder().commandName("help");
            for (int i = 0; i < nameWords; i++) {
                help.addArgument(new CommandArgument(i, words.get(i)));
            }
            return help.build();
        }
        ParsedInput.Builder out = ParsedInput.builder().commandName(words.get(0));
        words.subList(1, nameWords).forEach(out::addSubCommand);
        parseOptions(command, rest, out);
        return out.build();
    }

    private void parseOptions(Command command, List<String> words, ParsedInput.Builder out) {
        List<CommandOption> declared = command.getOptions();
        // by identity: the declared options are the instances looked up; a record's own hashCode
        // would spin up its method-handle bootstrap on first use (about 25 ms of every start)
        Set<CommandOption> given = Collections.newSetFromMap(new IdentityHashMap<>());
        int argIndex = 0;
        boolean optionsEnded = false;
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            if (optionsEnded || !isOptionWord(word)) {
                out.addArgument(new CommandArgument(argIndex++, word));
                continue;
            }
            if (word.equals("--")) {
                optionsEnded = true;
                continue;
            }
            boolean isLong = word.startsWith("--");
            String body = word.substring(isLong ? 2 : 1);
            String inlineValue = null;
            int eq = body.indexOf('=');
            if (eq >= 0) {
                inlineValue = body.substring(eq + 1);
                body = body.substring(0, eq);
            }
            if (!isLong && body.length() > 1 && inlineValue == null) {
                // grouped short flags: -lh
                for (char c : body.toCharArray()) {
                    CommandOption option = findShort(command, c);
                    if (!isBoolean(option)) {
                        throw Ib3Exception.usage("option -" + c + " of " + command.getName() + " takes a value and cannot be grouped in " + word,
                                "write it separately: -" + c + " VALUE");
                    }
                    add(command, option, "true", given, out);
                }
                continue;
            }
            CommandOption option = isLong ? findLong(command, body, word) : findShort(command, body.isEmpty() ? ' ' : body.charAt(0));
            String value;
            if (isBoolean(option)) {
                value = inlineValue == null ? "true" : booleanValue(option, inlineValue);
            } else if (inlineValue != null) {
                value = inlineValue;
            } else if (i + 1 < words.size() && !words.get(i + 1).equals("--") && !isDeclaredOption(declared, words.get(i + 1))) {
                value = words.get(++i);
            } else {
                throw Ib3Exception.usage("option " + display(option) + " of " + command.getName() + " needs a value",
                        "write " + display(option) + " VALUE or " + display(option) + "=VALUE");
            }
            add(command, option, checkNumber(command, option, value), given, out);
        }
        for (CommandOption option : declared) {
            if (given.contains(option)) {
                continue;
            }
            if (Boolean.TRUE.equals(option.required())) {
                throw Ib3Exception.usage("missing option " + display(option) + " for " + command.getName(),
                        "usage: " + command.getName() + " " + synopsis(command));
            }
            if (option.type().isPrimitive()) {
                // Spring Shell 4.0.1 ignores defaultValue for primitive parameters (and loads its
                // Hibernate Validator to compute zero values); giving the value here avoids both.
                String dflt = option.defaultValue();
                out.addOption(copy(option, dflt == null || dflt.isEmpty() ? zero(option.type()) : dflt));
            }
        }
    }

    private void add(Command command, CommandOption option, String value, Set<CommandOption> given, ParsedInput.Builder out) {
        if (!given.add(option) && !repeatable(option)) {
            throw Ib3Exception.usage("option " + display(option) + " given more than once for " + command.getName());
        }
        out.addOption(copy(option, value));
    }

    private static CommandOption copy(CommandOption option, String value) {
        return new CommandOption(option.shortName(), option.longName(), option.description(), option.required(),
                option.defaultValue(), value, option.type());
    }

    /** Catches a bad number here, where the option can be named (Spring's converter cannot). */
    private static String checkNumber(Command command, CommandOption option, String value) {
        Class<?> t = option.type();
        if (t == int.class || t == Integer.class || t == long.class || t == Long.class) {
            try {
                Long.parseLong(value.strip());
            } catch (NumberFormatException e) {
                throw Ib3Exception.usage("option " + display(option) + " of " + command.getName() + " needs a whole number, not '" + value + "'");
            }
        }
        return value;
    }

    private static boolean asksForHelp(List<String> rest) {
        for (String w : rest) {
            if (w.equals("--")) {
                return false;
            }
            if (w.equals("--help") || w.equals("-h")) {
                return true;
            }
        }
        return false;
    }

    /** "-" alone is a word (stdin), and so is a negative number. */
    private static boolean isOptionWord(String word) {
        if (!word.startsWith("-") || word.length() < 2) {
            return false;
        }
        return word.startsWith("--") || !Character.isDigit(word.charAt(1));
    }

    private static boolean isDeclaredOption(List<CommandOption> declared, String word) {
        if (!isOptionWord(word)) {
            return false;
        }
        String name = word.contains("=") ? word.substring(0, word.indexOf('=')) : word;
        return declared.stream().anyMatch(o -> o.isOptionEqual(name));
    }

    private static CommandOption findLong(Command command, String name, String word) {
        return command.getOptions().stream()
                .filter(o -> name.equals(o.longName()))
                .findFirst()
                .orElseThrow(() -> unknownOption(command, word));
    }

    private static CommandOption findShort(Command command, char c) {
        return command.getOptions().stream()
                .filter(o -> o.shortName() == c && c != ' ')
                .findFirst()
                .orElseThrow(() -> unknownOption(command, "-" + c));
    }

    private static Ib3Exception unknownOption(Command command, String word) {
        String name = word.contains("=") ? word.substring(0, word.indexOf('=')) : word;
        String known = synopsis(command);
        return Ib3Exception.usage("unknown option " + name + " for " + command.getName(),
                known.isEmpty() ? command.getName() + " takes no options"
                        : "options of " + command.getName() + ": " + known);
    }

    /** The options of a command, as {@code --json, -l/--long, --depth N}. */
    static String synopsis(Command command) {
        List<String> parts = new ArrayList<>();
        for (CommandOption o : command.getOptions()) {
            String part = display(o);
            if (!isBoolean(o)) {
                part += " " + (o.longName() == null ? "VALUE" : o.longName().toUpperCase(Locale.ROOT).replace('-', '_'));
            }
            parts.add(part);
        }
        return String.join(", ", parts);
    }

    static String display(CommandOption o) {
        boolean hasLong = o.longName() != null && !o.longName().isEmpty();
        if (o.shortName() != ' ' && hasLong) {
            return "-" + o.shortName() + "/--" + o.longName();
        }
        return hasLong ? "--" + o.longName() : "-" + o.shortName();
    }

    static boolean isBoolean(CommandOption option) {
        return option.type() == boolean.class || option.type() == Boolean.class;
    }

    private static boolean repeatable(CommandOption option) {
        return option.type().isArray() || Collection.class.isAssignableFrom(option.type());
    }

    private static String booleanValue(CommandOption option, String value) {
        String v = value.toLowerCase(Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
            throw Ib3Exception.usage("option " + display(option) + " is a flag; '" + value + "' is not true or false",
                    "write " + display(option) + " alone to switch it on");
        }
        return v;
    }

    private static String zero(Class<?> type) {
        if (type == boolean.class) {
            return "false";
        }
        if (type == char.class) {
            return "\0";
        }
        return type == float.class || type == double.class ? "0.0" : "0";
    }

    private Ib3Exception unknownCommand(List<String> words) {
        String typed = words.get(0);
        List<String> names = registry.getCommands().stream().filter(c -> !c.isHidden()).map(Command::getName).toList();
        List<String> groupMembers = names.stream().filter(n -> n.startsWith(typed + " ")).sorted().toList();
        if (!groupMembers.isEmpty()) {
            String sub = words.size() > 1 ? typed + " " + words.get(1) : typed;
            return Ib3Exception.usage(words.size() > 1 ? "unknown command '" + sub + "'" : "'" + typed + "' needs a sub-command",
                    "one of: " + String.join(", ", groupMembers));
        }
        List<String> close = names.stream()
                .filter(n -> distance(n.split(" ")[0], typed) <= 2 || n.startsWith(typed))
                .map(n -> n.split(" ")[0])
                .distinct()
                .sorted(Comparator.comparingInt((String n) -> distance(n, typed)).thenComparing(n -> n))
                .limit(3)
                .toList();
        String hint = close.isEmpty() ? "type help for the list of commands" : "did you mean: " + String.join(", ", close) + "?";
        return new UnknownCommandException(typed, hint);
    }

    /** Levenshtein distance, for "did you mean". */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
