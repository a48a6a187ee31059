package io.ib3.store.s3;

import io.ib3.store.vfs.ProfileOptionsConfigBuilder;
import org.apache.commons.vfs2.FileSystem;
import org.apache.commons.vfs2.FileSystemOptions;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Typed S3 settings on VFS {@link FileSystemOptions}. The values are the same as the ib3 profile
 * options (see {@link S3Config#OPTION_KEYS}); credentials are references, never secrets.
 */
public final class S3FileSystemConfigBuilder extends ProfileOptionsConfigBuilder {

    private static final S3FileSystemConfigBuilder INSTANCE = new S3FileSystemConfigBuilder();

    private S3FileSystemConfigBuilder() {
        super("s3.");
    }

    public static S3FileSystemConfigBuilder getInstance() {
        return INSTANCE;
    }

    @Override
    protected Class<? extends FileSystem> getConfigClass() {
        return S3FileSystem.class;
    }

    @Override
    protected Set<String> optionKeys() {
        return S3Config.OPTION_KEYS;
    }

    @Override
    protected void rejectUnknown(String key, String value) {
        S3Config.fromOptions(Map.of(key, value), k -> null); // throws the usage error naming the key
    }

    public void setEndpoint(FileSystemOptions opts, String endpoint) {
        setOption(opts, "endpoint", endpoint);
    }

    public void setRegion(FileSystemOptions opts, String region) {
        setOption(opts, "region", region);
    }

    public void setPathStyle(FileSystemOptions opts, S3Config.PathStyle pathStyle) {
        setOption(opts, "pathStyle", pathStyle.name().toLowerCase());
    }

    /** Names of the environment variables holding the keys (and session token, may be null). */
    public void setCredentialsFromEnv(FileSystemOptions opts, String accessKeyEnv, String secretKeyEnv, String sessionTokenEnv) {
        setOption(opts, "accessKeyEnv", accessKeyEnv);
        setOption(opts, "secretKeyEnv", secretKeyEnv);
        if (sessionTokenEnv != null) {
            setOption(opts, "sessionTokenEnv", sessionTokenEnv);
        }
    }

    public void setAwsProfile(FileSystemOptions opts, String profile) {
        setOption(opts, "awsProfile", profile);
    }

    public void setCredentialsCommand(FileSystemOptions opts, String command) {
        setOption(opts, "credentialsCommand", command);
    }

    public void setChecksumMode(FileSystemOptions opts, S3Config.ChecksumMode mode) {
        setOption(opts, "checksums", mode.name().toLowerCase());
    }

    public void setStripHeaders(FileSystemOptions opts, List<String> headers) {
        setOption(opts, "stripHeaders", String.join(",", headers));
    }

    public void setChunkedEncoding(FileSystemOptions opts, boolean on) {
        setOption(opts, "chunkedEncoding", Boolean.toString(on));
    }

    S3Config.Builder toConfig(FileSystemOptions opts, Function<String, String> env) {
        return S3Config.builderFromOptions(getOptions(opts), env);
    }
}
