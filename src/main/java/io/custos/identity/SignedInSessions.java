package io.custos.identity;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

/**
 * What a page session remembers about its sign-in: the credential version it was made with. A
 * session whose version is older than the person's current one has ended (issue 13.6): the version
 * lives in the database, so this holds on every node, whatever keeps the sessions.
 */
public final class SignedInSessions {

    static final String CREDENTIAL_VERSION = SignedInSessions.class.getName() + ".credentialVersion";
    static final String SECOND_FACTOR = SignedInSessions.class.getName() + ".secondFactor";

    private SignedInSessions() {
    }

    /** Keeps the current session signed in across a change of its own person's credentials. */
    public static void keep(HttpServletRequest request, int credentialVersion) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.setAttribute(CREDENTIAL_VERSION, credentialVersion);
        }
    }

    /**
     * Notes at sign-in whether this session proved a second factor (a one-time code or a passkey with
     * user verification). Always set, true or false: the session id changes at sign-in but its
     * attributes move along, so a flag from an earlier sign-in must not survive a weaker one.
     */
    static void signedIn(HttpServletRequest request, boolean secondFactor) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.setAttribute(SECOND_FACTOR, secondFactor);
        }
    }

    /** Whether this page session was signed in with a second factor (issue 24.2: guards passkey changes). */
    public static boolean withSecondFactor(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session != null && Boolean.TRUE.equals(session.getAttribute(SECOND_FACTOR));
    }

    /** Whether the session was made under an older credential version than {@code current}. */
    static boolean outdated(HttpSession session, int current) {
        return session.getAttribute(CREDENTIAL_VERSION) instanceof Integer version && version != current;
    }
}
