package io.ib3.store.azure;

import org.apache.commons.vfs2.Capability;
import org.apache.commons.vfs2.FileName;
import org.apache.commons.vfs2.FileSystem;
import org.apache.commons.vfs2.FileSystemConfigBuilder;
import org.apache.commons.vfs2.FileSystemException;
import org.apache.commons.vfs2.FileSystemOptions;
import org.apache.commons.vfs2.provider.AbstractOriginatingFileProvider;
import org.apache.commons.vfs2.provider.GenericFileName;
import org.apache.commons.vfs2.provider.HostFileNameParser;

import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * The Commons VFS provider of {@code azblob://account/container/key}: the account is the host,
 * containers are the folders of the root. For the namespace; bulk data goes through {@link AzureStore}.
 */
public final class AzureFileProvider extends AbstractOriginatingFileProvider {

    static final Collection<Capability> CAPABILITIES = List.of(Capability.GET_TYPE, Capability.READ_CONTENT,
            Capability.LIST_CHILDREN, Capability.URI, Capability.DELETE, Capability.GET_LAST_MODIFIED,
            Capability.ATTRIBUTES);

    private final Function<String, String> env;

    public AzureFileProvider() {
        this(System::getenv);
    }

    public AzureFileProvider(Function<String, String> env) {
        this.env = env;
        setFileNameParser(new HostFileNameParser(-1));
    }

    @Override
    protected FileSystem doCreateFileSystem(FileName rootName, FileSystemOptions opts) throws FileSystemException {
        String account = ((GenericFileName) rootName).getHostName();
        AzureConfig config = AzureFileSystemConfigBuilder.getInstance().toConfig(opts, env).build();
        return new AzureFileSystem(rootName, opts, new AzureConnection(config, account));
    }

    @Override
    public Collection<Capability> getCapabilities() {
        return CAPABILITIES;
    }

    @Override
    public FileSystemConfigBuilder getConfigBuilder() {
        return AzureFileSystemConfigBuilder.getInstance();
    }
}
