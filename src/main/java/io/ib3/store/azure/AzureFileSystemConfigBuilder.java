package io.ib3.store.azure;

import io.ib3.store.vfs.ProfileOptionsConfigBuilder;
import org.apache.commons.vfs2.FileSystem;
import org.apache.commons.vfs2.FileSystemOptions;

import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Typed Azure settings on VFS {@link FileSystemOptions}. The values are the same as the ib3
 * profile options (see {@link AzureConfig#OPTION_KEYS}); credentials are references, never secrets.
 */
public final class AzureFileSystemConfigBuilder extends ProfileOptionsConfigBuilder {

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

    @Override
    protected Set<String> optionKeys() {
        return AzureConfig.OPTION_KEYS;
    }

    @Override
    protected void rejectUnknown(String key, String value) {
        AzureConfig.fromOptions(Map.of(key, value), k -> null); // throws the usage error naming the key
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

    AzureConfig.Builder toConfig(FileSystemOptions opts, Function<String, String> env) {
        return AzureConfig.builderFromOptions(getOptions(opts), env);
    }
}
