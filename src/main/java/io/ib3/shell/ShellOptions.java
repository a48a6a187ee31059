package io.ib3.shell;

import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.CommandOption;

import java.util.List;

/** Reading options that Spring Shell's method binding cannot express. */
public final class ShellOptions {

    private ShellOptions() {
    }

    /**
     * Every value of a repeatable option, in the order given ({@code --option a=1 --option b=2}).
     * Spring Shell binds only the first occurrence to the method parameter.
     */
    public static List<String> all(CommandContext ctx, String longName) {
        return ctx.parsedInput().options().stream()
                .filter(o -> longName.equals(o.longName()))
                .map(CommandOption::value)
                .toList();
    }
}
