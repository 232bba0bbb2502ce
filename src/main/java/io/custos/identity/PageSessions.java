package io.custos.identity;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.Map;

import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.TransactionException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.ConfigurableObjectInputStream;
import org.springframework.core.convert.support.GenericConversionService;
import org.springframework.core.serializer.support.SerializingConverter;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.session.security.SpringSessionBackedSessionRegistry;

/**
 * Page sessions live in the database (Spring Session JDBC, tables of migration V100), so that every
 * node of a cluster continues every session and a node's restart signs nobody out (issue 23, R-X-3).
 * <p>
 * Their attributes are serialized Java objects. Reading them back is where a stored session could
 * hurt: only classes of the JDK, Jakarta, Spring and Custos may be read (a JEP 290 filter), and an
 * attribute that cannot be read (written by another version of Custos, or altered in the database)
 * is dropped instead of failing every request of that browser: the person is then signed out, or
 * loses a message meant for the next page.
 */
@Configuration(proxyBeanMethods = false)
class PageSessions implements BeanClassLoaderAware {

    private static final Logger LOG = LoggerFactory.getLogger(PageSessions.class);

    /** What a session attribute may hold; anything else (a library's gadget class) is refused. */
    static final ObjectInputFilter ATTRIBUTE_CLASSES = ObjectInputFilter.Config.createFilter(
            "maxdepth=64;maxrefs=100000;maxbytes=1048576;java.base/*;jakarta.**;org.springframework.**;io.custos.**;!*");

    private ClassLoader classLoader = PageSessions.class.getClassLoader();

    @Override
    public void setBeanClassLoader(ClassLoader classLoader) {
        this.classLoader = classLoader;
    }

    @Bean
    SessionRepositoryCustomizer<JdbcIndexedSessionRepository> attributeReading() {
        GenericConversionService conversions = new GenericConversionService();
        conversions.addConverter(Object.class, byte[].class, new SerializingConverter());
        conversions.addConverter(byte[].class, Object.class, bytes -> read(bytes, classLoader));
        return repository -> repository.setConversionService(conversions);
    }

    /** Who has which sessions, from the sessions table itself: the limit on sessions at once holds across nodes. */
    @Bean
    SpringSessionBackedSessionRegistry<? extends Session> sessionRegistry(
            FindByIndexNameSessionRepository<? extends Session> sessions) {
        return new SpringSessionBackedSessionRegistry<>(sessions);
    }

    /**
     * A session that cannot be saved (the database refuses the write) does not turn the answer the
     * request already has into an error page: the failure is logged and the next request tries
     * again. Until then the person may find a change of that request's session missing (a sign-in,
     * a message for the next page), never another person's session.
     */
    @Bean
    static BeanPostProcessor forgivingSessionSaves() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                return bean instanceof JdbcIndexedSessionRepository sessions ? new ForgivingSaves<>(sessions, sessions::cleanUpExpiredSessions) : bean;
            }
        };
    }

    static final class ForgivingSaves<S extends Session> implements FindByIndexNameSessionRepository<S> {
        private final FindByIndexNameSessionRepository<S> sessions;
        private final Runnable deleteExpired;

        ForgivingSaves(FindByIndexNameSessionRepository<S> sessions, Runnable deleteExpired) {
            this.sessions = sessions;
            this.deleteExpired = deleteExpired;
        }

        /** Deletes the sessions past their idle timeout (see {@link ExpiredSessions}). */
        void deleteExpired() {
            deleteExpired.run();
        }

        @Override
        public S createSession() {
            return sessions.createSession();
        }

        @Override
        public void save(S session) {
            try {
                sessions.save(session);
            } catch (DataAccessException | TransactionException e) {
                LOG.warn("A page session could not be saved; the answer stands and the next request tries again", e);
            }
        }

        @Override
        public @Nullable S findById(String id) {
            return sessions.findById(id);
        }

        @Override
        public void deleteById(String id) {
            sessions.deleteById(id);
        }

        @Override
        public Map<String, S> findByIndexNameAndIndexValue(String indexName, String indexValue) {
            return sessions.findByIndexNameAndIndexValue(indexName, indexValue);
        }
    }

    static @Nullable Object read(byte[] bytes, ClassLoader classLoader) {
        try (InputStream in = new ByteArrayInputStream(bytes);
                ObjectInputStream objects = new ConfigurableObjectInputStream(in, classLoader)) {
            objects.setObjectInputFilter(ATTRIBUTE_CLASSES);
            return objects.readObject();
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            // The class names it; never the value (it could be a message carried to the next page).
            LOG.warn("A page session attribute could not be read and is dropped ({})", e.getClass().getSimpleName());
            return null;
        }
    }
}
