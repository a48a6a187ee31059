package io.ib3.shell;

import io.ib3.session.LocationCompleter;
import org.springframework.shell.core.command.CommandOption;
import org.springframework.shell.core.command.completion.CompletionContext;
import org.springframework.shell.core.command.completion.CompletionProposal;
import org.springframework.shell.core.command.completion.CompletionProvider;

import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Spring Shell completion providers (beans named in {@code @Command(completionProvider = …)}).
 * Spring Shell's {@code CommandCompleter} proposes option names itself and asks the command's
 * provider for the word under the cursor; these providers answer for positional arguments and
 * for the values of location options ({@code --from}, {@code --to} …).
 */
public final class Completions {

    /** Options whose value is a location, completed like a positional location. */
    public static final Set<String> LOCATION_OPTIONS = Set.of("from", "to", "location", "target", "source", "path", "backup-target");

    private Completions() {
    }

    /** Mount paths, URIs are left alone, {@code @profile} names. */
    public static CompletionProvider locations(LocationCompleter completer) {
        return context -> complete(context, completer::complete);
    }

    /** Mount names (for {@code unmount}). */
    public static CompletionProvider mountNames(LocationCompleter completer) {
        return context -> complete(context, completer::mountNames);
    }

    /** Profile names without '@' (for {@code profile show|use|delete}). */
    public static CompletionProvider profileNames(LocationCompleter completer) {
        return context -> complete(context, prefix -> completer.profiles("", prefix));
    }

    private static List<CompletionProposal> complete(CompletionContext context,
                                                     Function<String, List<LocationCompleter.Candidate>> source) {
        String word = context.currentWordUpToCursor();
        if (word == null) {
            word = "";
        }
        CommandOption option = context.getCommandOption();
        String lead = "";
        if (option != null && Ib3CommandParser.isBoolean(option)) {
            // Spring Shell takes the flag before the cursor for an option awaiting a value; flags take none
            option = null;
        }
        if (option != null) {
            if (option.longName() == null || !LOCATION_OPTIONS.contains(option.longName())) {
                return List.of();
            }
            String inline = "--" + option.longName() + "=";
            if (word.startsWith(inline)) {
                // JLine matches proposals against the whole word, so keep the option in front
                lead = inline;
                word = word.substring(inline.length());
            }
        } else if (word.startsWith("-")) {
            return List.of();
        }
        String prefix = lead;
        return source.apply(word).stream()
                .map(c -> new CompletionProposal(prefix + c.value()).displayText(c.value()).complete(c.complete()).dontQuote(true))
                .toList();
    }
}
