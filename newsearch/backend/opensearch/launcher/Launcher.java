// One OpenSearch node in this JVM, for newsearch (see node.py beside this file).
//
// Usage: java -cp classes:CLASSPATH Launcher BASE_DIR CLUSTER HTTP_PORT [key=value ...]
// The key=value pairs are node settings (transport.port, discovery.*, node.name...).
// Logs go to stderr; stdout carries protocol lines only, read by the Python side:
//   HTTP 127.0.0.1:PORT / TRANSPORT 127.0.0.1:PORT / READY   or   ERROR <cause>
// The node runs until the JVM is killed (SIGTERM closes it cleanly).

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import org.codelibs.opensearch.runner.OpenSearchRunner;
import org.opensearch.http.HttpServerTransport;
import org.opensearch.node.Node;
import org.opensearch.transport.TransportService;

public class Launcher {
    public static void main(String[] args) {
        PrintStream protocol = System.out;
        System.setOut(System.err); // OpenSearch and the runner print: keep stdout for us
        System.setProperty("log4j.shutdownHookEnabled", "false");
        System.setProperty("log4j2.disable.jmx", "true");
        if (args.length < 3) {
            protocol.println("ERROR usage: Launcher BASE_DIR CLUSTER HTTP_PORT [key=value ...]");
            System.exit(2);
        }
        String base = args[0];
        String cluster = args[1];
        int port = Integer.parseInt(args[2]);
        List<String[]> extra = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            if (eq < 1) {
                protocol.println("ERROR not a key=value setting: " + args[i]);
                System.exit(2);
            }
            extra.add(new String[] {args[i].substring(0, eq), args[i].substring(eq + 1)});
        }
        OpenSearchRunner runner = new OpenSearchRunner();
        try {
            runner.setMaxHttpPort(65535);
            runner.onBuild((number, settings) -> {
                settings.put("network.host", "127.0.0.1");
                settings.put("http.port", String.valueOf(port));
                settings.putList("node.roles", "cluster_manager", "data", "ingest");
                settings.put("action.auto_create_index", "false");
                for (String[] kv : extra) {
                    if (kv[1].contains(",") && !kv[0].equals("node.name")) {
                        settings.putList(kv[0], kv[1].split(","));
                    } else {
                        settings.put(kv[0], kv[1]);
                    }
                }
            }).build(OpenSearchRunner.newConfigs()
                    .basePath(base)
                    .clusterName(cluster)
                    .numOfNode(1)
                    .baseHttpPort(port - 1)
                    .disableESLogger());
            Node node = runner.node();
            var http = node.injector().getInstance(HttpServerTransport.class).boundAddress();
            var transport = node.injector().getInstance(TransportService.class).boundAddress();
            protocol.println("HTTP " + http.publishAddress().toString());
            protocol.println("TRANSPORT " + transport.publishAddress().toString());
            protocol.println("READY");
            protocol.flush();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    runner.close();
                } catch (Exception e) {
                    // the JVM is going away anyway
                }
            }));
            Thread.currentThread().join();
        } catch (Throwable t) {
            Throwable cause = t;
            while (cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            String message = cause.getClass().getName() + ": " + cause.getMessage();
            protocol.println("ERROR " + message.replace('\n', ' '));
            protocol.flush();
            t.printStackTrace();
            System.exit(1);
        }
    }
}
