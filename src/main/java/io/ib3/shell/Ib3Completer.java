package io.ib3.shell;

import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import org.springframework.shell.core.command.Command;
import org.springframework.shell.core.command.CommandOption;
import org.springframework.shell.core.command.CommandRegistry;
import org.springframework.shell.core.command.completion.CompletionContext;
import org.springframework.shell.core.command.completion.CompletionProposal;
import org.springframework.shell.jline.CommandCompleter;

import java.util.List;

/**
 * TAB completion for the console. Command names come from Spring Shell's {@link CommandCompleter};
 * once the command is known, this proposes its options and asks the command's completion provider
 * for the word under the cursor. Spring Shell 4.0.1's completer takes positional arguments for
 * part of the command name and so never completes them ({@code ls src:/no<TAB>}); here the command
 * is the longest registered name before the cursor, as the parser finds it.
 */
public final class Ib3Completer implements Completer {

    private static final int MAX_NAME_WORDS = 3;

    private final CommandRegistry registry;
    private final CommandCompleter commandNames;

    public Ib3Completer(CommandRegistry registry) {
        this.registry = registry;
        this.commandNames = new CommandCompleter(registry);
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        List<String> words = line.words();
        int index = line.wordIndex();
        Command command = null;
        int nameWords = 0;
        for (int k = Math.min(MAX_NAME_WORDS, index); k >= 1 && command == null; k--) {
            List<String> name = words.subList(0, k);
            if (name.stream().noneMatch(w -> w.startsWith("-"))) {
                command = registry.getCommandByName(String.join(" ", name));
                nameWords = command == null ? 0 : k;
            }
        }
        if (command == null) {
            commandNames.complete(reader, line, candidates);
            return;
        }
        String current = line.word().substring(0, Math.min(line.wordCursor(), line.word().length()));
        CommandOption awaiting = null;
        if (current.startsWith("-") && current.contains("=")) {
            awaiting = option(command, current.substring(0, current.indexOf('=')));
        } else if (index - 1 >= nameWords) {
            CommandOption previous = option(command, words.get(index - 1));
            if (previous != null && !Ib3CommandParser.isBoolean(previous)) {
                awaiting = previous;
            }
        }
        if (awaiting == null) {
            for (CommandOption o : command.getOptions()) {
                if (o.longName() != null && !o.longName().isEmpty() && !present(words, index, o)) {
                    candidates.add(new Candidate("--" + o.longName(), "--" + o.longName(), null, o.description(), null, null, true));
                }
            }
        }
        CompletionContext context = new CompletionContext(words, index, line.wordCursor(), command, awaiting);
        for (CompletionProposal p : command.getCompletionProvider().apply(context)) {
            candidates.add(new Candidate(p.value(), p.displayText(), p.category(), p.description(), null, null, p.complete()));
        }
    }

    private static CommandOption option(Command command, String word) {
        return command.getOptions().stream().filter(o -> o.isOptionEqual(word)).findFirst().orElse(null);
    }

    /** Options already on the line are not proposed again (repeatable ones are). */
    private static boolean present(List<String> words, int index, CommandOption o) {
        if (o.type().isArray() || java.util.Collection.class.isAssignableFrom(o.type())) {
            return false;
        }
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (i != index && (o.isOptionEqual(w) || w.startsWith("--" + o.longName() + "="))) {
                return true;
            }
        }
        return false;
    }
}
