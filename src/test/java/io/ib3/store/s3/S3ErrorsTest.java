package io.ib3.store.s3;

import io.ib3.store.object.ObjectStore;
import io.ib3.error.ExitCode;
import io.ib3.error.Ib3Exception;
import io.ib3.store.ObjectNotFoundException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Failures reach the user as one line naming bucket and key, with hints, and never with a secret. */
class S3ErrorsTest {

    @RegisterExtension
    static final S3ServerExtension S3 = S3ServerExtension.s3proxy();

    private static final String PLANTED = "PLANTED-SECRET-7f3a9c";
    private static String bucket;

    @BeforeAll
    static void bucket() {
        bucket = S3.newBucket();
    }

    /** Nothing the user or a log could see holds the secret: message, hints, causes, stack trace. */
    private static void assertNoSecret(Throwable e, String... secrets) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        StringBuilder all = new StringBuilder(trace.toString());
        if (e instanceof Ib3Exception ib3) {
            ib3.hints().forEach(all::append);
        }
        for (String secret : secrets) {
            assertFalse(all.toString().contains(secret), "secret leaked: " + all);
        }
    }

    private static void assertOneLine(Ib3Exception e) {
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertFalse(e.hints().isEmpty(), "a hint says what to do: " + e.getMessage());
    }

    @Test
    void missingBucketIsAUsageErrorNamingIt() {
        ObjectStore<S3Bucket> s = new ObjectStore<>(new S3Bucket(S3.config().build(), "no-such-bucket-ib3"), "p");
        Ib3Exception e = assertThrows(Ib3Exception.class, () -> s.list("x").count());
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("s3://no-such-bucket-ib3"), e.getMessage());
        assertOneLine(e);
        Ib3Exception onStat = assertThrows(Ib3Exception.class, () -> s.stat(""));
        assertEquals(ExitCode.USAGE, onStat.exitCode());
        Ib3Exception onWrite = assertThrows(Ib3Exception.class,
                () -> s.write("k", new ByteArrayInputStream(new byte[3]), 3));
        assertTrue(onWrite.getMessage().contains("no-such-bucket-ib3"), onWrite.getMessage());
        s.close();
    }

    @Test
    void wrongSecretNamesTheCredentialSourceAndNeverTheSecret() {
        Map<String, String> env = Map.of("BAD_ACCESS", "ib3-test-access", "BAD_SECRET", PLANTED);
        ObjectStore<S3Bucket> s = new ObjectStore<>(new S3Bucket(S3.config().env(env::get).accessKeyEnv("BAD_ACCESS").secretKeyEnv("BAD_SECRET").build(), bucket), "p");
        Ib3Exception e = assertThrows(Ib3Exception.class, () -> s.list("").count());
        assertTrue(e.getMessage().contains("s3://" + bucket + "/p"), e.getMessage());
        assertTrue(e.getMessage().contains("credentials were rejected"), e.getMessage());
        assertTrue(String.join(" ", e.hints()).contains("BAD_ACCESS/BAD_SECRET"), e.hints().toString());
        assertOneLine(e);
        assertNoSecret(e, PLANTED);
        Ib3Exception onRead = assertThrows(Ib3Exception.class, () -> s.open("some/key"));
        assertTrue(onRead.getMessage().contains("s3://" + bucket + "/p/some/key"), onRead.getMessage());
        assertNoSecret(onRead, PLANTED);
        assertFalse(s.toString().contains(PLANTED) || s.client().config().toString().contains(PLANTED));
        s.close();
    }

    @Test
    void unknownAccessKeyIsACredentialsError() {
        Map<String, String> env = Map.of("A", "nobody", "S", PLANTED);
        ObjectStore<S3Bucket> s = new ObjectStore<>(new S3Bucket(S3.config().env(env::get).accessKeyEnv("A").secretKeyEnv("S").build(), bucket), "");
        Ib3Exception e = assertThrows(Ib3Exception.class, () -> s.children(""));
        assertTrue(e.getMessage().contains("credentials were rejected") || e.getMessage().contains("access denied"),
                e.getMessage());
        assertNoSecret(e, PLANTED);
        s.close();
    }

    @Test
    void unsetCredentialVariableIsAUsageError() {
        ObjectStore<S3Bucket> s = new ObjectStore<>(new S3Bucket(S3.config().env(k -> null).build(), bucket), "");
        Ib3Exception e = assertThrows(Ib3Exception.class, () -> s.stat("k"));
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains(S3ServerExtension.ACCESS_ENV) && e.getMessage().contains("s3://" + bucket),
                e.getMessage());
        s.close();
    }

    @Test
    void closedPortGivesConnectionRefusedWithAHint() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        ObjectStore<S3Bucket> s = new ObjectStore<>(new S3Bucket(S3.config().endpoint("http://127.0.0.1:" + port).build(), "some-bucket"), "pre");
        Ib3Exception e = assertThrows(Ib3Exception.class, () -> s.stat("obj"));
        assertTrue(e.getMessage().contains("s3://some-bucket/pre/obj"), e.getMessage());
        assertTrue(e.getMessage().contains("127.0.0.1:" + port) && e.getMessage().contains("connection refused"),
                e.getMessage());
        assertTrue(String.join(" ", e.hints()).contains("endpoint"));
        assertOneLine(e);
        assertNoSecret(e, S3.secretKey());
        s.close();
    }

    @Test
    void missingObjectIsNotFound() {
        ObjectStore<S3Bucket> s = new ObjectStore<>(new S3Bucket(S3.config().build(), bucket), "");
        ObjectNotFoundException e = assertThrows(ObjectNotFoundException.class, () -> s.open("not/here"));
        assertTrue(e.getMessage().contains("s3://" + bucket + "/not/here"), e.getMessage());
        assertThrows(ObjectNotFoundException.class, () -> s.nativeCrc32c("not/here"));
        s.close();
    }

    @Test
    void wrongRegionHintNamesTheBucketRegion() {
        // no local server redirects between regions; the mapping is checked on the SDK's own exception
        var response = software.amazon.awssdk.http.SdkHttpResponse.builder().statusCode(301)
                .putHeader("x-amz-bucket-region", "eu-central-1").build();
        var ex = software.amazon.awssdk.services.s3.model.S3Exception.builder().statusCode(301)
                .awsErrorDetails(software.amazon.awssdk.awscore.exception.AwsErrorDetails.builder()
                        .errorCode("PermanentRedirect").sdkHttpResponse(response).build())
                .build();
        S3Bucket conn = new S3Bucket(S3Config.builder().env(k -> null).region("us-east-1").build(), "eu-bucket");
        RuntimeException mapped = io.ib3.store.object.ObjectErrors.map(conn, "cannot list", "db/x", ex);
        Ib3Exception e = (Ib3Exception) mapped;
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertTrue(e.getMessage().contains("s3://eu-bucket/db/x") && e.getMessage().contains("another region"),
                e.getMessage());
        assertTrue(String.join(" ", e.hints()).contains("region: eu-central-1"), e.hints().toString());
    }

    @Test
    void configNeverHoldsOrPrintsSecrets() {
        Map<String, String> env = Map.of("K", "ak", "S", PLANTED);
        S3Config c = S3Config.fromOptions(Map.of("endpoint", "http://127.0.0.1:1", "accessKeyEnv", "K",
                "secretKeyEnv", "S", "credentialsCommand", "pass show s3"), env::get);
        assertFalse(c.toString().contains(PLANTED));
        assertTrue(c.toString().contains("credentialsCommand"));
        Ib3Exception bad = assertThrows(Ib3Exception.class,
                () -> S3Config.fromOptions(Map.of("checksums", "sometimes"), env::get));
        assertTrue(bad.getMessage().contains("checksums") && String.join(" ", bad.hints()).contains("when_required"));
        assertThrows(Ib3Exception.class, () -> S3Config.fromOptions(Map.of("accessKeyEnv", "K"), env::get));
        assertEquals(16L * 1024 * 1024, S3Config.fromOptions(Map.of("partSize", "16MiB"), env::get).partSize);
    }
}
