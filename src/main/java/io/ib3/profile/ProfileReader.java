package io.ib3.profile;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.ib3.error.Ib3Exception;
import org.yaml.snakeyaml.LoaderOptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads and writes profile files. Reading is defensive: a profile may come from a shared folder,
 * so size, aliases, nesting and code points are limited, unknown fields and wrong types are
 * errors naming {@code file:line} and the field, and a secret written in clear is refused.
 */
public final class ProfileReader {

    /** Profiles are a few lines; anything bigger is not a profile. */
    public static final int MAX_BYTES = 64 * 1024;

    /** Field names whose literal value would be a secret (compared lower-case, without '-' and '_'). */
    private static final Set<String> SECRET_FIELDS = Set.of("secret", "secretkey", "secretaccesskey", "password",
            "passwd", "accountkey", "sastoken", "connectionstring", "sessiontoken", "token", "clientsecret",
            "privatekey", "apikey", "passphrase");

    /** A URI with a password in its user info: scheme://user:password@host. */
    private static final Pattern URI_WITH_PASSWORD = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://[^/@\\s]*:[^/@\\s]*@.*");

    /** What a profile looks like, for hints. */
    private static final String SHAPE = "a profile is a small YAML map: location: URI (text), options: {name: value},"
            + " credentials: {env: {secretKey: VAR}}; no anchors or aliases needed";

    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final ObjectMapper yaml;

    public ProfileReader() {
        LoaderOptions limits = new LoaderOptions();
        limits.setMaxAliasesForCollections(10);
        limits.setAllowRecursiveKeys(false);
        limits.setNestingDepthLimit(16);
        limits.setCodePointLimit(MAX_BYTES);
        limits.setAllowDuplicateKeys(false);
        YAMLFactory factory = YAMLFactory.builder()
                .loaderOptions(limits)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .build();
        yaml = new ObjectMapper(factory)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    }

    /**
     * Reads a profile file.
     *
     * @throws Ib3Exception usage (exit 2) for a malformed file, refused (exit 4) for a secret in clear
     */
    public Profile read(Path file) {
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw Ib3Exception.usage(file + ": profile is larger than " + MAX_BYTES / 1024 + " KiB",
                        "a profile holds a location and a few options; check that this is the right file");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw Ib3Exception.usage("no such profile file: " + file);
        } catch (IOException e) {
            throw Ib3Exception.failed("cannot read profile " + file + ": " + e.getMessage());
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        refuseSecrets(file, text);
        Profile profile;
        try {
            profile = yaml.readValue(text, Profile.class);
        } catch (JsonProcessingException e) {
            throw malformed(file, text, e);
        } catch (RuntimeException e) {
            // SnakeYAML limits (aliases, code points, nesting) surface as its own unchecked exceptions
            throw Ib3Exception.usage(file + ": not a valid profile: " + firstLine(e.getMessage()), SHAPE);
        }
        if (profile == null) {
            throw Ib3Exception.usage(file + ":1: empty profile", "a profile needs at least 'location: <store URI>'");
        }
        check(file, profile);
        return profile;
    }

    /** The YAML text of a profile, as {@code profile save} writes it. */
    public String write(Profile profile) {
        try {
            return yaml.writeValueAsString(profile);
        } catch (JsonProcessingException e) {
            throw Ib3Exception.failed("cannot write profile: " + e.getOriginalMessage());
        }
    }

    /**
     * Refuses a profile about to be saved when it would hold a secret in clear.
     *
     * @param what names the profile in the message
     */
    public void refuseSecrets(String what, Profile profile) {
        for (Map.Entry<String, String> option : profile.options().entrySet()) {
            if (isSecretField(option.getKey())) {
                throw secretInClear(what + ": option '" + option.getKey() + "'");
            }
            if (hasPassword(option.getValue())) {
                throw secretInClear(what + ": option '" + option.getKey() + "' has a password in its URI");
            }
        }
        for (String uri : new String[] {profile.location(), profile.backupTarget()}) {
            if (hasPassword(uri)) {
                throw secretInClear(what + ": a location has a password in its URI");
            }
        }
    }

    /** Streams over the YAML tokens, so the message can name the line without ever echoing the value. */
    private void refuseSecrets(Path file, String text) {
        try (JsonParser parser = yaml.getFactory().createParser(text)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (!token.isScalarValue()) {
                    continue;
                }
                String pointer = parser.getParsingContext().pathAsPointer().toString();
                String field = parser.currentName();
                int line = parser.currentTokenLocation().getLineNr();
                String dotted = pointer.substring(1).replace('/', '.');
                if (field != null && isSecretField(field) && !pointer.startsWith("/credentials/env/")) {
                    throw secretInClear(file + ":" + line + ": field '" + dotted + "'");
                }
                if (token == JsonToken.VALUE_STRING && hasPassword(parser.getText())) {
                    throw secretInClear(file + ":" + line + ": field '" + dotted + "' has a password in its URI");
                }
            }
        } catch (JsonProcessingException e) {
            throw malformed(file, text, e);
        } catch (IOException e) {
            throw Ib3Exception.failed("cannot read profile " + file + ": " + e.getMessage());
        } catch (Ib3Exception e) {
            throw e;
        } catch (RuntimeException e) {
            throw Ib3Exception.usage(file + ": not a valid profile: " + firstLine(e.getMessage()), SHAPE);
        }
    }

    private static void check(Path file, Profile profile) {
        if (profile.product() == io.ib3.layout.Product.NONE) {
            throw Ib3Exception.usage(file + ": field 'product' must be core or enterprise");
        }
        if (profile.location() == null || profile.location().isBlank()) {
            throw Ib3Exception.usage(file + ": missing field 'location'", "give the store URI of the data root, e.g. location: file:///var/lib/influxdb3");
        }
        Credentials credentials = profile.credentials();
        if (credentials != null) {
            if (credentials.formsSet() != 1) {
                throw Ib3Exception.usage(file + ": field 'credentials' must set exactly one of env, awsProfile, command, azure");
            }
            if (credentials.azure() != null && !credentials.azure().equals("default")) {
                throw Ib3Exception.usage(file + ": field 'credentials.azure' must be default",
                        "credentials: {azure: default} uses DefaultAzureCredential (managed identity, workload identity, Azure CLI)");
            }
            for (Map.Entry<String, String> ref : credentials.env().entrySet()) {
                if (ref.getValue() == null || !VARIABLE.matcher(ref.getValue()).matches()) {
                    throw Ib3Exception.usage(file + ": field 'credentials.env." + ref.getKey() + "' must name an environment variable",
                            "for example credentials: {env: {secretKey: AWS_SECRET_ACCESS_KEY}}");
                }
            }
        }
    }

    private static Ib3Exception malformed(Path file, String text, JsonProcessingException e) {
        JsonLocation where = e.getLocation();
        int lineNr = where == null ? 0 : where.getLineNr();
        String field = "";
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            field = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            String last = mapping.getPath().get(mapping.getPath().size() - 1).getFieldName();
            if (last != null) {
                lineNr = lineOfKey(text, last, lineNr);
            }
        }
        String line = lineNr < 1 ? "" : ":" + lineNr;
        String problem;
        if (e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException unknown) {
            problem = "unknown field '" + field + "'";
            return Ib3Exception.usage(file + line + ": " + problem,
                    "known fields: product, location, options, nodeId, clusterId, nodes, compactor, backupTarget, credentials");
        }
        if (e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException) {
            problem = "wrong type for field '" + field + "'";
        } else {
            problem = firstLine(e.getOriginalMessage());
        }
        return Ib3Exception.usage(file + line + ": " + problem, SHAPE);
    }

    /**
     * The line where {@code key:} is written, at or before the line Jackson reports (the YAML
     * parser reports where it stopped, which can be past the key).
     */
    private static int lineOfKey(String text, String key, int reported) {
        String[] lines = text.split("\n", -1);
        Pattern keyLine = Pattern.compile("^\\s*(-\\s+)?[\"']?" + Pattern.quote(key) + "[\"']?\\s*:.*");
        for (int i = Math.min(reported < 1 ? lines.length : reported, lines.length) - 1; i >= 0; i--) {
            if (keyLine.matcher(lines[i]).matches()) {
                return i + 1;
            }
        }
        return reported;
    }

    private static boolean isSecretField(String name) {
        return SECRET_FIELDS.contains(name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", ""));
    }

    private static boolean hasPassword(String value) {
        return value != null && URI_WITH_PASSWORD.matcher(value).matches();
    }

    private static Ib3Exception secretInClear(String what) {
        return Ib3Exception.refused(what + " holds a secret in clear",
                "reference secrets instead: credentials: {env: {secretKey: VAR_NAME}}, {awsProfile: NAME} or {command: \"pass show s3/key\"}");
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable YAML";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
