package io.ib3.profile;

import java.nio.file.Path;

/**
 * A profile with the name and file it was loaded from.
 *
 * @param name    the file name without {@code .yaml}
 * @param file    the file it came from
 * @param profile its content
 */
public record NamedProfile(String name, Path file, Profile profile) {
}
