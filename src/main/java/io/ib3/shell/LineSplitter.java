package io.ib3.shell;

import io.ib3.error.Ib3Exception;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a command line into words like a POSIX shell does, without expansions: whitespace
 * separates words; single quotes keep everything literally; double quotes keep spaces and allow
 * {@code \"} and {@code \\}; outside quotes a backslash keeps the next character as is; an
 * unquoted {@code #} at the start of a word starts a comment that runs to the end of the line.
 */
public final class LineSplitter {

    private LineSplitter() {
    }

    /**
     * @throws Ib3Exception usage for an unclosed quote or a trailing backslash
     */
    public static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                if (end < 0) {
                    throw Ib3Exception.usage("unclosed single quote at column " + (i + 1), "close the quote: '...'");
                }
                word.append(line, i + 1, end);
                inWord = true;
                i = end + 1;
            } else if (c == '"') {
                i++;
                boolean closed = false;
                while (i < n) {
                    char d = line.charAt(i);
                    if (d == '"') {
                        closed = true;
                        i++;
                        break;
                    }
                    if (d == '\\' && i + 1 < n && (line.charAt(i + 1) == '"' || line.charAt(i + 1) == '\\')) {
                        word.append(line.charAt(i + 1));
                        i += 2;
                        continue;
                    }
                    word.append(d);
                    i++;
                }
                if (!closed) {
                    throw Ib3Exception.usage("unclosed double quote", "close the quote: \"...\"");
                }
                inWord = true;
            } else if (c == '\\') {
                if (i + 1 >= n) {
                    throw Ib3Exception.usage("backslash at end of line", "write \\\\ for a literal backslash");
                }
                word.append(line.charAt(i + 1));
                inWord = true;
                i += 2;
            } else if (c == '#' && !inWord) {
                break;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                i++;
            } else {
                word.append(c);
                inWord = true;
                i++;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
