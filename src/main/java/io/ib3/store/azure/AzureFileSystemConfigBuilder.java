package io.ib3.store.azure;

import org.apache.commons.vfs2.FileSystem;
import org.apache.commons.vfs2.FileSystemConfigBuilder;
import org.apache.commons.vfs2.FileSystemOptions;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Typed Azure settings on VFS {@link FileSystemOptions}. The values are the same as the ib3
 * profile options (see {@link AzureConfig#OPTION_KEYS}); credentials are references, never secrets.
 */
public final class AzureFileSystemConfigBuilder extends FileSystemConfigBuilder {

    private static final AzureFileSystemConfigBuilder INSTANCE = new AzureFileSystemConfigBuilder();

    private AzureFileSystemConfigBuilder() {
        super("azblob.");
    }

    public static AzureFileSystemConfigBuilder getInstance() {
        return INSTANCE;
    }

    @Override
    protected Class<? extends FileSystem> getConfigClass() {
        return AzureFileSystem.class;
    }

    /** Sets every option of a profile's options map. */
    public void setOptions(FileSystemOptions opts, Map<String, String> options) {
        options.forEach((k, v) -> setOption(opts, k, v));
    }

    private void setOption(FileSystemOptions opts, String key, String value) {
        if (!AzureConfig.OPTION_KEYS.contains(key)) {
            AzureConfig.fromOptions(Map.of(key, value), k -> null); // throws the usage error naming the key
        }
        setParam(opts, key, value);
    }

    public void setEndpoint(FileSystemOptions opts, String endpoint) {
        setOption(opts, "endpoint", endpoint);
    }

    /** The name of the environment variable holding a connection string. */
    public void setConnectionStringEnv(FileSystemOptions opts, String name) {
        setOption(opts, "connectionStringEnv", name);
    }

    public void setAccountKeyEnv(FileSystemOptions opts, String name) {
        setOption(opts, "accountKeyEnv", name);
    }

    public void setSasTokenEnv(FileSystemOptions opts, String name) {
        setOption(opts, "sasTokenEnv", name);
    }

    /** The options as a profile options map. */
    public Map<String, String> getOptions(FileSystemOptions opts) {
        Map<String, String> out = new LinkedHashMap<>();
        if (opts != null) {
            for (String key : AzureConfig.OPTION_KEYS) {
                Object v = getParam(opts, key);
                if (v != null) {
                    out.put(key, v.toString());
                }
            }
        }
        return out;
    }

    AzureConfig.Builder toConfig(FileSystemOptions opts, Function<String, String> env) {
        return AzureConfig.builderFromOptions(getOptions(opts), env);
    }
}
