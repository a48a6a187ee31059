package io.ib3.shell;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Constraint;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.validation.executable.ExecutableValidator;
import jakarta.validation.metadata.BeanDescriptor;
import org.springframework.shell.core.utils.Utils;

import java.lang.annotation.Annotation;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.Set;

/**
 * The Bean Validation {@link Validator} Spring Shell checks command parameters with. Spring Shell
 * validates every call, which boots Hibernate Validator (a few hundred milliseconds) even for
 * commands without a single constraint. This one answers "no violations" straight away for
 * methods whose parameters carry no constraint annotation, and hands everything else to Spring
 * Shell's default validator, built on first need.
 */
public final class LazyValidator implements Validator {

    private final ExecutableValidator executables = new ExecutableValidator() {
        @Override
        public <T> Set<ConstraintViolation<T>> validateParameters(T object, Method method, Object[] values, Class<?>... groups) {
            if (!constrained(method.getParameterAnnotations())) {
                return Set.of();
            }
            return delegate().forExecutables().validateParameters(object, method, values, groups);
        }

        @Override
        public <T> Set<ConstraintViolation<T>> validateReturnValue(T object, Method method, Object value, Class<?>... groups) {
            return delegate().forExecutables().validateReturnValue(object, method, value, groups);
        }

        @Override
        public <T> Set<ConstraintViolation<T>> validateConstructorParameters(Constructor<? extends T> c, Object[] values, Class<?>... groups) {
            return delegate().forExecutables().validateConstructorParameters(c, values, groups);
        }

        @Override
        public <T> Set<ConstraintViolation<T>> validateConstructorReturnValue(Constructor<? extends T> c, T created, Class<?>... groups) {
            return delegate().forExecutables().validateConstructorReturnValue(c, created, groups);
        }
    };

    static boolean constrained(Annotation[][] parameterAnnotations) {
        for (Annotation[] annotations : parameterAnnotations) {
            for (Annotation a : annotations) {
                if (a instanceof Valid || a.annotationType().isAnnotationPresent(Constraint.class)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Validator delegate() {
        return Utils.defaultValidator();
    }

    @Override
    public <T> Set<ConstraintViolation<T>> validate(T object, Class<?>... groups) {
        return delegate().validate(object, groups);
    }

    @Override
    public <T> Set<ConstraintViolation<T>> validateProperty(T object, String propertyName, Class<?>... groups) {
        return delegate().validateProperty(object, propertyName, groups);
    }

    @Override
    public <T> Set<ConstraintViolation<T>> validateValue(Class<T> beanType, String propertyName, Object value, Class<?>... groups) {
        return delegate().validateValue(beanType, propertyName, value, groups);
    }

    @Override
    public BeanDescriptor getConstraintsForClass(Class<?> clazz) {
        return delegate().getConstraintsForClass(clazz);
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        return delegate().unwrap(type);
    }

    @Override
    public ExecutableValidator forExecutables() {
        return executables;
    }
}
