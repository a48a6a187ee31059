package io.ib3.profile;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * How a store finds its secrets: by reference only. Exactly one of the forms is set.
 *
 * @param env        credential field (accessKey, secretKey, sessionToken …) to the name of the
 *                   environment variable that holds it
 * @param awsProfile a profile in the AWS shared config files
 * @param command    a command whose standard output is the secret (for example {@code pass show s3/key})
 * @param azure      {@code default}: Azure's DefaultAzureCredential (managed identity, workload
 *                   identity, Azure CLI …), which holds no secret ib3 could reference
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Credentials(Map<String, String> env, String awsProfile, String command, String azure) {

    public Credentials {
        env = env == null ? Map.of() : new TreeMap<>(env);
    }

    /** The three forms that reference a secret. */
    public Credentials(Map<String, String> env, String awsProfile, String command) {
        this(env, awsProfile, command, null);
    }

    /** Number of forms set; a valid reference sets exactly one. */
    int formsSet() {
        return (env.isEmpty() ? 0 : 1) + (awsProfile == null ? 0 : 1) + (command == null ? 0 : 1) + (azure == null ? 0 : 1);
    }

    /**
     * The references as store options: {@code credentials.env.<field>} = variable name,
     * {@code credentials.awsProfile}, {@code credentials.command}. Store openers resolve them at
     * mount time; the values here are names, never secrets.
     */
    public Map<String, String> asOptions() {
        Map<String, String> out = new LinkedHashMap<>();
        env.forEach((field, variable) -> out.put("credentials.env." + field, variable));
        if (awsProfile != null) {
            out.put("credentials.awsProfile", awsProfile);
        }
        if (command != null) {
            out.put("credentials.command", command);
        }
        if (azure != null) {
            out.put("credentials.azure", azure);
        }
        return out;
    }

    /** One line for people: the references, never a resolved value. */
    public String describe() {
        if (!env.isEmpty()) {
            StringBuilder out = new StringBuilder();
            env.forEach((field, variable) -> out.append(out.length() == 0 ? "" : ", ").append(field).append(" from $").append(variable));
            return "env: " + out;
        }
        if (awsProfile != null) {
            return "AWS profile " + awsProfile;
        }
        if (azure != null) {
            return "Azure " + azure + " credential";
        }
        return command == null ? "none" : "command: " + command;
    }
}
