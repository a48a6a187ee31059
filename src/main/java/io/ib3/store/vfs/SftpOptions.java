package io.ib3.store.vfs;

import io.ib3.error.Ib3Exception;
import io.ib3.store.OptionValues;
import org.apache.commons.vfs2.FileSystemException;
import org.apache.commons.vfs2.FileSystemOptions;
import org.apache.commons.vfs2.provider.sftp.IdentityInfo;
import org.apache.commons.vfs2.provider.sftp.SftpFileSystemConfigBuilder;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A profile's options for an {@code sftp://user@host[:port]/path} location, as VFS's SFTP
 * provider (JSch) takes them. Key authentication only: the private key is referenced by path
 * ({@code identityFile}) or by the name of a variable holding the path
 * ({@code credentials: {env: {identityFile: VAR}}}), its passphrase, if any, by a variable name;
 * the server's host key is checked against a known_hosts file. No password is ever read.
 */
final class SftpOptions {

    static final Set<String> OPTION_KEYS = Set.of("identityFile", "identityFileEnv", "passphraseEnv", "knownHosts",
            "strictHostKeyChecking", "connectTimeout", "credentials.env.identityFile", "credentials.env.passphrase");

    private SftpOptions() {
    }

    /** The VFS options for a location; files are checked now so a typo is a usage error naming the option. */
    static FileSystemOptions of(String location, Map<String, String> options, Function<String, String> env) {
        String[] identity = new String[1];
        String[] identityOption = {"identityFile"};
        String[] passphraseEnv = new String[1];
        String[] knownHosts = {Path.of(System.getProperty("user.home"), ".ssh", "known_hosts").toString()};
        String[] strict = {"yes"};
        Duration[] timeout = {Duration.ofSeconds(20)};
        OptionValues.forEachSet(options, (key, v) -> {
            switch (key) {
                case "identityFile" -> identity[0] = v;
                case "identityFileEnv", "credentials.env.identityFile" -> {
                    identity[0] = OptionValues.requiredEnv(env, v, key, location);
                    identityOption[0] = key;
                }
                case "passphraseEnv", "credentials.env.passphrase" -> passphraseEnv[0] = v;
                case "knownHosts" -> knownHosts[0] = v;
                case "strictHostKeyChecking" -> {
                    if (!v.equals("yes") && !v.equals("no")) {
                        throw Ib3Exception.usage("SFTP option strictHostKeyChecking: bad value '" + v + "'", "one of: yes, no");
                    }
                    strict[0] = v;
                }
                case "connectTimeout" -> timeout[0] = Duration.ofSeconds(OptionValues.size("SFTP", key, v, 1, 600));
                default -> throw OptionValues.unknownOption("SFTP", key, OPTION_KEYS);
            }
        });
        FileSystemOptions opts = new FileSystemOptions();
        SftpFileSystemConfigBuilder b = SftpFileSystemConfigBuilder.getInstance();
        try {
            b.setUserDirIsRoot(opts, false);
            b.setStrictHostKeyChecking(opts, strict[0]);
            b.setConnectTimeout(opts, timeout[0]);
            b.setSessionTimeout(opts, Duration.ofMinutes(10));
            b.setPreferredAuthentications(opts, "publickey");
            if (strict[0].equals("yes")) {
                File known = new File(knownHosts[0]);
                if (!known.isFile()) {
                    throw Ib3Exception.usage(location + ": known_hosts file " + known + " (knownHosts) does not exist",
                            "give knownHosts: the file with the server's host key (ssh-keyscan -p PORT HOST > FILE),"
                                    + " or strictHostKeyChecking: no on a trusted network");
                }
                b.setKnownHosts(opts, known);
            }
            if (identity[0] != null) {
                Path key = Path.of(identity[0]);
                if (!Files.isRegularFile(key)) {
                    throw Ib3Exception.usage(location + ": the private key " + key + " (" + identityOption[0] + ") does not exist",
                            "give the path of an OpenSSH private key whose public key is in the server's authorized_keys");
                }
                byte[] passphrase = passphraseEnv[0] == null ? null
                        : OptionValues.requiredEnv(env, passphraseEnv[0], "passphraseEnv", location).getBytes(StandardCharsets.UTF_8);
                b.setIdentityProvider(opts, new IdentityInfo(key.toFile(), passphrase));
            }
        } catch (FileSystemException e) {
            throw Ib3Exception.usage(location + ": bad SFTP options: " + e.getMessage());
        }
        return opts;
    }
}
