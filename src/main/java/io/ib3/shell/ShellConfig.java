package io.ib3.shell;

import io.ib3.profile.Profiles;
import io.ib3.host.Host;
import io.ib3.session.LocationCompleter;
import io.ib3.session.Session;
import io.ib3.store.StoreFactory;
import io.ib3.store.azure.AzureStores;
import io.ib3.store.gcs.GcsStores;
import io.ib3.store.s3.S3Stores;
import io.ib3.store.vfs.VfsStores;
import io.ib3.sample.DemoStores;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.convert.support.DefaultConversionService;
import org.springframework.shell.core.command.Script;
import org.springframework.shell.core.command.CommandRegistry;
import org.springframework.shell.core.command.annotation.EnableCommand;
import org.springframework.shell.core.command.completion.CompletionProvider;

/**
 * The Spring context of the console, without Spring Boot (start-up time): Spring Shell's command
 * registry and annotations, our parser, runner, session and printer. Expects a {@link Host} bean.
 *
 * <p>To add commands: write a class with {@code @Command} methods (constructor injection; method
 * names unique across all command classes, since each becomes a bean of that name; always set
 * {@code name} and {@code group}) and list it in both {@code @EnableCommand} and {@code @Import}.
 */
@Configuration(proxyBeanMethods = false)
@EnableCommand({MountCommands.class, ExploreCommands.class, ProfileCommands.class, ScriptCommands.class,
        LayoutCommands.class, BackupCommands.class})
@Import({MountCommands.class, ExploreCommands.class, ProfileCommands.class, ScriptCommands.class,
        LayoutCommands.class, BackupCommands.class})
public class ShellConfig {

    /**
     * Every scheme ib3 mounts: file, ram and archives through VFS, s3 on the AWS SDK, the demo trees.
     * Credentials and AWS_* settings come from the host's environment, the same one command files
     * expand ${NAME} from.
     */
    @Bean
    public StoreFactory storeFactory(Host host) {
        StoreFactory factory = new StoreFactory();
        VfsStores.register(factory, host::getenv);
        // the console's environment (the one ${NAME} in scripts expands from) holds the credential references
        S3Stores.register(factory, host::getenv);
        AzureStores.register(factory, host::getenv);
        GcsStores.register(factory, host::getenv);
        DemoStores.register(factory);
        return factory;
    }

    @Bean
    public Profiles profiles(Host host) {
        return new Profiles(host);
    }

    @Bean(destroyMethod = "close")
    public Session session(StoreFactory storeFactory, Profiles profiles) {
        return new Session(storeFactory, profiles);
    }

    @Bean
    public Printer printer() {
        return new Printer(false, 120);
    }

    @Bean
    public ErrorReporter errorReporter() {
        return new ErrorReporter(false);
    }

    @Bean
    public ConsoleMode consoleMode() {
        return new ConsoleMode();
    }

    /** Replaces Spring Shell's DefaultCommandParser (same bean name). */
    @Bean
    public Ib3CommandParser commandParser(CommandRegistry commandRegistry) {
        return new Ib3CommandParser(commandRegistry);
    }

    /** Named shellRunner so Spring Shell does not register its own runner. */
    @Bean
    public Ib3Shell shellRunner(CommandRegistry commandRegistry, Ib3CommandParser commandParser, ErrorReporter errorReporter,
                                Session session, Host host) {
        return new Ib3Shell(commandRegistry, commandParser, errorReporter, session, host);
    }

    /** One conversion service for all commands (Spring Shell would build one per command). */
    @Bean
    public DefaultConversionService conversionService() {
        return new DefaultConversionService();
    }

    @Bean
    public LazyValidator validator() {
        return new LazyValidator();
    }

    @Bean
    public LocationCompleter locationCompleter(Session session) {
        return new LocationCompleter(session);
    }

    @Bean
    public CompletionProvider locationCompletion(LocationCompleter locationCompleter) {
        return Completions.locations(locationCompleter);
    }

    @Bean
    public CompletionProvider mountCompletion(LocationCompleter locationCompleter) {
        return Completions.mountNames(locationCompleter);
    }

    @Bean
    public CompletionProvider profileCompletion(LocationCompleter locationCompleter) {
        return Completions.profileNames(locationCompleter);
    }

    /**
     * Drops Spring Shell's built-in {@code script} command: in 4.0.1 it loses exit codes and
     * quoting; ours ({@link ScriptCommands}) runs files like {@code --script}.
     */
    @Bean
    public static BeanDefinitionRegistryPostProcessor dropBuiltInScript() {
        return (BeanDefinitionRegistry registry) -> {
            if (registry.containsBeanDefinition("script")
                    && Script.class.getName().equals(registry.getBeanDefinition("script").getBeanClassName())) {
                registry.removeBeanDefinition("script");
            }
        };
    }
}
