package io.ib3.store.s3;

import org.apache.commons.vfs2.Capability;
import org.apache.commons.vfs2.FileName;
import org.apache.commons.vfs2.FileSystem;
import org.apache.commons.vfs2.FileSystemConfigBuilder;
import org.apache.commons.vfs2.FileSystemException;
import org.apache.commons.vfs2.FileSystemOptions;
import org.apache.commons.vfs2.provider.AbstractOriginatingFileProvider;
import org.apache.commons.vfs2.provider.GenericFileName;
import org.apache.commons.vfs2.provider.HostFileNameParser;

import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * The Commons VFS provider of {@code s3://bucket/key}: the bucket is the host part of the URI. For
 * the namespace (listing, navigation, completion, reading); bulk data goes through {@link S3Store}.
 */
public final class S3FileProvider extends AbstractOriginatingFileProvider {

    static final Collection<Capability> CAPABILITIES = List.of(Capability.GET_TYPE, Capability.READ_CONTENT,
            Capability.LIST_CHILDREN, Capability.URI, Capability.DELETE, Capability.GET_LAST_MODIFIED,
            Capability.ATTRIBUTES);

    private final Function<String, String> env;
    private final List<ExecutionInterceptor> interceptors;

    /** A provider reading AWS settings from the real environment. */
    public S3FileProvider() {
        this(System::getenv);
    }

    public S3FileProvider(Function<String, String> env) {
        this(env, List.of());
    }

    /** With extra SDK interceptors on every client (request accounting). */
    public S3FileProvider(Function<String, String> env, List<ExecutionInterceptor> interceptors) {
        this.env = env;
        this.interceptors = List.copyOf(interceptors);
        setFileNameParser(new HostFileNameParser(-1));
    }

    @Override
    protected FileSystem doCreateFileSystem(FileName rootName, FileSystemOptions opts) throws FileSystemException {
        String bucket = ((GenericFileName) rootName).getHostName();
        S3Config.Builder b = S3FileSystemConfigBuilder.getInstance().toConfig(opts, env);
        interceptors.forEach(b::interceptor);
        S3Config config = b.build();
        return new S3FileSystem(rootName, opts, new S3Connection(config, bucket));
    }

    @Override
    public Collection<Capability> getCapabilities() {
        return CAPABILITIES;
    }

    @Override
    public FileSystemConfigBuilder getConfigBuilder() {
        return S3FileSystemConfigBuilder.getInstance();
    }
}
