package io.ib3.store.s3;

import org.apache.commons.vfs2.FileSystem;
import org.apache.commons.vfs2.FileSystemConfigBuilder;
import org.apache.commons.vfs2.FileSystemOptions;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Typed S3 settings on VFS {@link FileSystemOptions}. The values are the same as the ib3 profile
 * options (see {@link S3Config#OPTION_KEYS}); credentials are references, never secrets.
 */
public final class S3FileSystemConfigBuilder extends FileSystemConfigBuilder {

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

    /** Sets every option of a profile's options map. */
    public void setOptions(FileSystemOptions opts, Map<String, String> options) {
        options.forEach((k, v) -> setOption(opts, k, v));
    }

    private void setOption(FileSystemOptions opts, String key, String value) {
        if (!S3Config.OPTION_KEYS.contains(key)) {
            S3Config.fromOptions(Map.of(key, value), k -> null); // throws the usage error naming the key
        }
        setParam(opts, key, value);
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

    /** The options as a profile options map. */
    public Map<String, String> getOptions(FileSystemOptions opts) {
        Map<String, String> out = new LinkedHashMap<>();
        if (opts != null) {
            for (String key : S3Config.OPTION_KEYS) {
                Object v = getParam(opts, key);
                if (v != null) {
                    out.put(key, v.toString());
                }
            }
        }
        return out;
    }

    S3Config.Builder toConfig(FileSystemOptions opts, Function<String, String> env) {
        return S3Config.builderFromOptions(getOptions(opts), env);
    }
}
