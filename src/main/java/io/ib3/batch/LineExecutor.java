package io.ib3.batch;

import io.ib3.error.Ib3Exception;

/** Runs the lines of a command file; the shell implements it. */
public interface LineExecutor {

    /**
     * Runs one command line and reports its failure itself, prefixed with {@code where}.
     *
     * @param redact applied to error output: puts {@code ${NAME}} back where a variable's value
     *               appears, so a secret passed through the environment is not echoed
     * @return the command's exit code
     */
    int execute(String line, String where, java.util.function.UnaryOperator<String> redact);

    /**
     * Reports a failure found before the line could run (an unset variable).
     *
     * @return the exit code of that failure
     */
    int report(Ib3Exception failure, String where);
}
