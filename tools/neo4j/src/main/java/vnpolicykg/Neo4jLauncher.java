package vnpolicykg;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;

/**
 * A Neo4j with Bolt on 127.0.0.1:PORT and no authentication, for the tests
 * and for `kg neo4j start`. Arguments: PORT [DIR] [--stdin-lifeline] (DIR:
 * where the database lives, a fresh temporary one by default). Prints
 * "bolt://127.0.0.1:PORT" once it accepts connections, then serves until
 * stopped (SIGTERM, Ctrl-C) or, with --stdin-lifeline, until its standard
 * input closes: a test run that dies takes its Neo4j with it.
 */
public final class Neo4jLauncher {
    public static void main(String[] args) throws Exception {
        java.util.List<String> positional = new java.util.ArrayList<>();
        boolean lifeline = false;
        for (String arg : args) {
            if (arg.equals("--stdin-lifeline")) lifeline = true; else positional.add(arg);
        }
        if (positional.isEmpty()) {
            System.err.println("usage: java -jar neo4j-launcher.jar PORT [DIR] [--stdin-lifeline]");
            System.exit(2);
        }
        int port = Integer.parseInt(positional.get(0));
        Path dir = positional.size() > 1 ? Path.of(positional.get(1)) : Files.createTempDirectory("kg-neo4j");
        Files.createDirectories(dir);
        Neo4j neo4j = Neo4jBuilders.newInProcessBuilder(dir)
                .withDisabledServer()
                .withConfig(BoltConnector.enabled, true)
                .withConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .build();
        Runtime.getRuntime().addShutdownHook(new Thread(neo4j::close));
        System.out.println("bolt://127.0.0.1:" + port);
        System.out.flush();
        if (!lifeline) {
            Thread.currentThread().join(); // until stopped; the shutdown hook closes the database
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        while (in.readLine() != null) {
            // nothing to read: standard input is only a lifeline
        }
        neo4j.close();
    }
}
