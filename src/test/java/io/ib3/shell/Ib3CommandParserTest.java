package io.ib3.shell;

import io.ib3.error.ExitCode;
import io.ib3.error.Ib3Exception;
import org.junit.jupiter.api.Test;
import org.springframework.shell.core.command.Command;
import org.springframework.shell.core.command.CommandArgument;
import org.springframework.shell.core.command.CommandOption;
import org.springframework.shell.core.command.CommandRegistry;
import org.springframework.shell.core.command.ParsedInput;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Ib3CommandParserTest {

    private static CommandOption opt(char s, String l, Class<?> type) {
        return CommandOption.with().shortName(s).longName(l).type(type).build();
    }

    private final Ib3CommandParser parser;

    Ib3CommandParserTest() {
        Command ls = Command.builder().name("ls").options(
                opt('l', "long", boolean.class), opt(' ', "human", boolean.class), opt(' ', "json", Boolean.class),
                opt('d', "depth", int.class)).execute(ctx -> { });
        Command save = Command.builder().name("profile save").options(
                CommandOption.with().longName("location").required(true).type(String.class).build(),
                opt(' ', "option", String[].class), opt(' ', "force", boolean.class)).execute(ctx -> { });
        Command list = Command.builder().name("profile list").execute(ctx -> { });
        Set<Command> commands = new HashSet<>(List.of(ls, save, list));
        parser = new Ib3CommandParser(new CommandRegistry(commands));
    }

    private static String option(ParsedInput in, String longName) {
        return in.options().stream().filter(o -> longName.equals(o.longName())).map(CommandOption::value).findFirst().orElse(null);
    }

    private static List<String> args(ParsedInput in) {
        return in.arguments().stream().map(CommandArgument::value).toList();
    }

    @Test
    void booleanFlagsNeverSwallowTheNextWord() {
        ParsedInput in = parser.parse("ls --json src:/node0 -l");
        assertEquals("ls", in.commandName());
        assertEquals("true", option(in, "json"));
        assertEquals("true", option(in, "long"));
        assertEquals(List.of("src:/node0"), args(in));
    }

    @Test
    void valuesInAllForms() {
        assertEquals("3", option(parser.parse("ls --depth 3"), "depth"));
        assertEquals("4", option(parser.parse("ls --depth=4"), "depth"));
        assertEquals("5", option(parser.parse("ls -d 5"), "depth"));
        assertEquals("false", option(parser.parse("ls --json=false"), "json"));
    }

    @Test
    void primitiveOptionsNotGivenGetTheirZeroValue() {
        ParsedInput in = parser.parse("ls");
        assertEquals("false", option(in, "long"));
        assertEquals("0", option(in, "depth"));
        assertNull(option(in, "json"), "boxed options are left to Spring Shell's defaults");
    }

    @Test
    void groupedShortFlags() {
        Ib3Exception e = assertThrows(Ib3Exception.class, () -> parser.parse("ls -ld"));
        assertTrue(e.getMessage().contains("-d"), e.getMessage());
        Command cmd = Command.builder().name("x").options(opt('a', "all", boolean.class), opt('b', "bee", boolean.class)).execute(c -> { });
        ParsedInput in = new Ib3CommandParser(new CommandRegistry(new HashSet<>(List.of(cmd)))).parse("x -ab");
        assertEquals("true", option(in, "all"));
        assertEquals("true", option(in, "bee"));
    }

    @Test
    void quotesAndEscapesKeepSpaces() {
        ParsedInput in = parser.parse("ls 'my dir/a b' \"x \\\"y\\\"\" c\\ d");
        assertEquals(List.of("my dir/a b", "x \"y\"", "c d"), args(in));
    }

    @Test
    void doubleDashEndsOptions() {
        ParsedInput in = parser.parse("ls -- --json -l");
        assertEquals(List.of("--json", "-l"), args(in));
        assertEquals("false", option(in, "long"));
    }

    @Test
    void subCommandsAreMatchedByTheLongestName() {
        ParsedInput in = parser.parse("profile save prod --location s3://b/p --option a=1 --option b=2");
        assertEquals("profile", in.commandName());
        assertEquals(List.of("save"), in.subCommands());
        assertEquals(List.of("prod"), args(in));
        assertEquals(List.of("a=1", "b=2"), in.options().stream().filter(o -> "option".equals(o.longName())).map(CommandOption::value).toList());
    }

    @Test
    void unknownOptionIsAUsageErrorListingTheOptions() {
        Ib3Exception e = assertThrows(Ib3Exception.class, () -> parser.parse("ls --jsn"));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals("unknown option --jsn for ls", e.getMessage());
        assertTrue(e.hints().get(0).contains("--json") && e.hints().get(0).contains("-d/--depth DEPTH"), e.hints().toString());
    }

    @Test
    void missingValueAndBadNumberAndRepeats() {
        assertEquals("option -d/--depth of ls needs a value", assertThrows(Ib3Exception.class, () -> parser.parse("ls --depth")).getMessage());
        assertEquals("option -d/--depth of ls needs a value", assertThrows(Ib3Exception.class, () -> parser.parse("ls --depth --json")).getMessage());
        assertTrue(assertThrows(Ib3Exception.class, () -> parser.parse("ls --depth x")).getMessage().contains("whole number"));
        assertTrue(assertThrows(Ib3Exception.class, () -> parser.parse("ls --json --json")).getMessage().contains("more than once"));
        assertTrue(assertThrows(Ib3Exception.class, () -> parser.parse("ls --json=maybe")).getMessage().contains("not true or false"));
    }

    @Test
    void missingRequiredOption() {
        Ib3Exception e = assertThrows(Ib3Exception.class, () -> parser.parse("profile save prod"));
        assertEquals("missing option --location for profile save", e.getMessage());
        assertEquals(ExitCode.USAGE, e.exitCode());
    }

    @Test
    void unknownCommandSuggestsTheClosestName() {
        UnknownCommandException e = assertThrows(UnknownCommandException.class, () -> parser.parse("lss /x"));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals("did you mean: ls?", e.hints().get(0));
        Ib3Exception group = assertThrows(Ib3Exception.class, () -> parser.parse("profile"));
        assertTrue(group.hints().get(0).contains("profile list") && group.hints().get(0).contains("profile save"));
        Ib3Exception sub = assertThrows(Ib3Exception.class, () -> parser.parse("profile frob"));
        assertEquals("unknown command 'profile frob'", sub.getMessage());
    }

    @Test
    void helpOptionBecomesTheHelpCommand() {
        ParsedInput in = parser.parse("profile save --help");
        assertEquals("help", in.commandName());
        assertEquals(List.of("profile", "save"), args(in));
    }

    @Test
    void negativeNumbersAndDashAreWords() {
        assertEquals(List.of("-", "-5"), args(parser.parse("ls - -5")));
    }

    @Test
    void commentsEndTheLine() {
        assertEquals(List.of("a"), args(parser.parse("ls a # the root")));
        assertEquals(List.of("a#b"), args(parser.parse("ls a#b")));
    }

    @Test
    void unclosedQuoteIsAUsageError() {
        Ib3Exception e = assertThrows(Ib3Exception.class, () -> parser.parse("ls 'abc"));
        assertEquals(ExitCode.USAGE, e.exitCode());
    }

    @Test
    void wordsFromProgramArgumentsAreNotSplitAgain() {
        ParsedInput in = parser.parseWords(List.of("ls", "a dir with spaces", "--json"));
        assertEquals(List.of("a dir with spaces"), args(in));
    }
}
