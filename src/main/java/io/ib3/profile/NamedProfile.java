package io.ib3.profile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;

import java.nio.file.Path;

/**
 * A profile with the name and file it was loaded from.
 *
 * @param name    the file name without {@code .yaml}
 * @param file    the file it came from
 * @param profile its content
 */
public record NamedProfile(String name, Path file, Profile profile) {

    /**
     * Warnings about the file itself: a profile that says where secrets are (environment
     * variables, an AWS profile, a command) and that other users can read tells them where to look
     * — and whoever can write it can point ib3 at their own command.
     */
    public List<String> warnings() {
        if (profile.credentials() == null) {
            return List.of();
        }
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.contains(PosixFilePermission.OTHERS_READ) || perms.contains(PosixFilePermission.GROUP_READ)
                    || perms.contains(PosixFilePermission.OTHERS_WRITE) || perms.contains(PosixFilePermission.GROUP_WRITE)) {
                return List.of("profile " + file + " holds credential references and is readable by other users (mode "
                        + PosixFilePermissions.toString(perms) + "): chmod 600 " + file);
            }
        } catch (IOException | UnsupportedOperationException e) {
            // no POSIX permissions here (or the file is gone): nothing to say
        }
        return List.of();
    }
}
