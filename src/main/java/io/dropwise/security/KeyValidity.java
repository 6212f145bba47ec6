package io.dropwise.security;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * Whether the API key that opened a long-lived response (an event stream) is still valid later on. A key is looked
 * up at most once a second however many streams it holds, so that revoking it ends them at their next event.
 */
@Component
public class KeyValidity {

    private static final long RECHECK_NANOS = Duration.ofSeconds(1).toNanos();

    private record Checked(boolean active, long atNanos) {}

    private final ObjectProvider<ApiKeyService> keys;
    private final Map<Long, Checked> checked = new ConcurrentHashMap<>();

    KeyValidity(ObjectProvider<ApiKeyService> keys) {
        this.keys = keys;
    }

    /** For the current request: a check that stays true while its key is active (always, without a key). */
    public BooleanSupplier ofCurrentCaller() {
        Authentication current = SecurityContextHolder.getContext().getAuthentication();
        ApiKeyService service = keys.getIfAvailable();
        if (!(current instanceof ApiKeyAuthentication key)
                || service == null
                || key.getPrincipal() == KeysOffFilter.EVERYONE) {
            return () -> true;
        }
        long id = key.getPrincipal().id();
        return () -> active(service, id);
    }

    private boolean active(ApiKeyService service, long id) {
        long now = System.nanoTime();
        Checked last = checked.get(id);
        if (last != null && now - last.atNanos() < RECHECK_NANOS) {
            return last.active();
        }
        boolean active;
        try {
            active = service.isActive(id);
        } catch (RuntimeException e) {
            // the database is away: keep the last answer rather than cut every stream
            return last == null || last.active();
        }
        checked.put(id, new Checked(active, now));
        return active;
    }
}
