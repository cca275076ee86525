package io.actiongate.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** Ports for servers the tests start: never a fixed one, so a running server or a second test run cannot clash. */
public final class FreePorts {

    private FreePorts() {
    }

    /** A port nothing listens on right now, chosen by the operating system. */
    public static int free() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A free port other than {@code taken}: the operating system may hand out a port it just handed out, if nothing
     * listens on it yet (a server's HTTP and management ports then collide).
     */
    public static int freeBesides(int taken) {
        int port = free();
        while (port == taken) {
            port = free();
        }
        return port;
    }

    /**
     * A free port {@code p} below 15536 with {@code p + offset} free as well: JGroups' failure detection listens
     * on the cluster port plus 50000, which the operating system's ephemeral range would push past 65535.
     */
    public static int freeWithOffset(int offset) {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = 10000 + (int) (Math.random() * (65535 - offset - 10000));
            if (bindable(port) && bindable(port + offset)) {
                return port;
            }
        }
        throw new IllegalStateException("No free port pair with offset " + offset);
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
