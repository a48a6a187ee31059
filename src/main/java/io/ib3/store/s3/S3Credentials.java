package io.ib3.store.s3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ib3.error.Ib3Exception;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Turns the credential reference of an {@link S3Config} into an SDK credentials provider. Secrets
 * are read at the last moment and never put into messages.
 */
final class S3Credentials {

    private S3Credentials() {
    }

    static AwsCredentialsProvider provider(S3Config c, String where) {
        if (c.credentialsCommand != null) {
            return new CommandProvider(c.credentialsCommand, where);
        }
        if (c.accessKeyEnv != null) {
            return () -> fromEnv(c, where);
        }
        if (c.awsProfile != null) {
            return ProfileCredentialsProvider.builder().profileName(c.awsProfile).build();
        }
        String access = c.env.apply("AWS_ACCESS_KEY_ID");
        String secret = c.env.apply("AWS_SECRET_ACCESS_KEY");
        if (access != null && !access.isBlank() && secret != null && !secret.isBlank()) {
            String token = c.env.apply("AWS_SESSION_TOKEN");
            AwsCredentials creds = token == null || token.isBlank()
                    ? AwsBasicCredentials.create(access, secret)
                    : AwsSessionCredentials.create(access, secret, token);
            return () -> creds;
        }
        DefaultCredentialsProvider.Builder chain = DefaultCredentialsProvider.builder();
        String profile = c.env.apply("AWS_PROFILE");
        if (profile != null && !profile.isBlank()) {
            chain.profileName(profile);
        }
        return chain.build();
    }

    private static AwsCredentials fromEnv(S3Config c, String where) {
        String access = required(c, c.accessKeyEnv, "accessKeyEnv", where);
        String secret = required(c, c.secretKeyEnv, "secretKeyEnv", where);
        if (c.sessionTokenEnv != null) {
            return AwsSessionCredentials.create(access, secret, required(c, c.sessionTokenEnv, "sessionTokenEnv", where));
        }
        return AwsBasicCredentials.create(access, secret);
    }

    private static String required(S3Config c, String name, String option, String where) {
        String v = c.env.apply(name);
        if (v == null || v.isBlank()) {
            throw Ib3Exception.usage(where + ": environment variable " + name + " (" + option + ") is not set",
                    "export " + name + " before starting ib3, or change " + option + " in the profile");
        }
        return v.strip();
    }

    /**
     * Runs a command that prints {@code ACCESS_KEY SECRET [SESSION_TOKEN]} or the JSON of an AWS
     * {@code credential_process} ({@code AccessKeyId}, {@code SecretAccessKey}, {@code SessionToken},
     * {@code Expiration}). Runs again when the credentials expire.
     */
    static final class CommandProvider implements AwsCredentialsProvider {
        private final String command;
        private final String where;
        private AwsCredentials cached;
        private Instant expires;

        CommandProvider(String command, String where) {
            this.command = command;
            this.where = where;
        }

        @Override
        public synchronized AwsCredentials resolveCredentials() {
            // renew a minute early so a request signed now is not rejected in flight
            if (cached == null || (expires != null && Instant.now().isAfter(expires.minusSeconds(60)))) {
                cached = run();
            }
            return cached;
        }

        private AwsCredentials run() {
            String out;
            try {
                Process p = new ProcessBuilder("sh", "-c", command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
                p.getOutputStream().close();
                out = readAll(p.getInputStream());
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw fail("did not finish within 60 s");
                }
                if (p.exitValue() != 0) {
                    throw fail("exited with status " + p.exitValue());
                }
            } catch (IOException e) {
                throw fail("could not be started (" + e.getClass().getSimpleName() + ")");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw fail("was interrupted");
            }
            return parse(out.strip());
        }

        private AwsCredentials parse(String out) {
            // never echo the output: it holds the secret
            if (out.startsWith("{")) {
                try {
                    JsonNode n = new ObjectMapper().readTree(out);
                    String access = n.path("AccessKeyId").asText(null);
                    String secret = n.path("SecretAccessKey").asText(null);
                    String token = n.path("SessionToken").asText(null);
                    if (n.hasNonNull("Expiration")) {
                        expires = Instant.parse(n.get("Expiration").asText());
                    }
                    if (access == null || secret == null) {
                        throw fail("printed JSON without AccessKeyId and SecretAccessKey");
                    }
                    return token == null ? AwsBasicCredentials.create(access, secret)
                            : AwsSessionCredentials.create(access, secret, token);
                } catch (IOException | java.time.format.DateTimeParseException e) {
                    throw fail("printed JSON that cannot be read");
                }
            }
            String[] words = out.split("\\s+");
            if (words.length == 2) {
                return AwsBasicCredentials.create(words[0], words[1]);
            }
            if (words.length == 3) {
                return AwsSessionCredentials.create(words[0], words[1], words[2]);
            }
            throw fail("printed " + words.length + " words, expected 'ACCESS_KEY SECRET [SESSION_TOKEN]' or JSON");
        }

        private Ib3Exception fail(String what) {
            return Ib3Exception.usage(where + ": credentialsCommand " + what,
                    "the command must print 'ACCESS_KEY SECRET [SESSION_TOKEN]' or credential_process JSON on stdout");
        }

        private static String readAll(InputStream in) throws IOException {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            in.transferTo(buf);
            return buf.toString(StandardCharsets.UTF_8);
        }
    }
}
