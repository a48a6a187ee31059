package io.ib3.store.vfs;

import org.apache.commons.vfs2.FileSystemConfigBuilder;
import org.apache.commons.vfs2.FileSystemOptions;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * VFS {@link FileSystemOptions} that hold a provider's ib3 profile options as plain strings, so a
 * profile's options map and the typed VFS setters end in the same place and the same validation.
 */
public abstract class ProfileOptionsConfigBuilder extends FileSystemConfigBuilder {

    protected ProfileOptionsConfigBuilder(String prefix) {
        super(prefix);
    }

    /** The option names the provider's profile accepts. */
    protected abstract Set<String> optionKeys();

    /** Throws the provider's usage error for an option it does not know. */
    protected abstract void rejectUnknown(String key, String value);

    /** Sets every option of a profile's options map. */
    public void setOptions(FileSystemOptions opts, Map<String, String> options) {
        options.forEach((k, v) -> setOption(opts, k, v));
    }

    protected final void setOption(FileSystemOptions opts, String key, String value) {
        if (!optionKeys().contains(key)) {
            rejectUnknown(key, value);
        }
        setParam(opts, key, value);
    }

    /** The options as a profile options map. */
    public Map<String, String> getOptions(FileSystemOptions opts) {
        Map<String, String> out = new LinkedHashMap<>();
        if (opts != null) {
            for (String key : optionKeys()) {
                Object v = getParam(opts, key);
                if (v != null) {
                    out.put(key, v.toString());
                }
            }
        }
        return out;
    }
}
