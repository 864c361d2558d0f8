package dev.authmail.runtime.storage;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * Prepares each statement text once per connection. SQLite compiles a statement on every {@code
 * prepareStatement} and its driver keeps no cache; the outbox's writer runs the same dozen
 * statements in every round, and compiling them again each time cost about a third of the CPU of a
 * small commit in the store benchmark.
 *
 * <p>{@link #wrap} returns a view of the connection whose {@code prepareStatement(sql)} hands out
 * the cached statement for that text, and whose statements' {@code close()} only clears their
 * parameters and batch, so the usual try-with-resources code works unchanged. A text whose cached
 * statement is still open (the same text twice at once) gets a fresh, uncached statement. Closing
 * the view does nothing; {@link #closeAll} closes the statements and the connection.
 *
 * <p>Not thread-safe: the connection has one user at a time (the database's writer lock).
 */
final class StatementCache implements InvocationHandler {
  private static final int MAX_STATEMENTS = 256;

  private final Connection connection;
  private final Map<String, Cached> statements = new HashMap<>();

  private StatementCache(Connection connection) {
    this.connection = connection;
  }

  static Connection wrap(Connection connection) {
    return (Connection)
        Proxy.newProxyInstance(
            StatementCache.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            new StatementCache(connection));
  }

  /** Closes the cached statements and the connection underneath {@code view}. */
  static void closeAll(Connection view) throws SQLException {
    StatementCache cache = (StatementCache) Proxy.getInvocationHandler(view);
    for (Cached cached : cache.statements.values()) {
      cached.statement.close();
    }
    cache.statements.clear();
    cache.connection.close();
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    String name = method.getName();
    if (name.equals("prepareStatement") && args.length == 1) {
      return prepare((String) args[0]);
    }
    if (name.equals("close")) {
      return null; // the owner closes the connection (closeAll)
    }
    if (name.equals("isClosed")) {
      return connection.isClosed();
    }
    return call(connection, method, args);
  }

  private PreparedStatement prepare(String sql) throws SQLException {
    Cached cached = statements.get(sql);
    if (cached == null && statements.size() < MAX_STATEMENTS) {
      cached = new Cached(connection.prepareStatement(sql));
      statements.put(sql, cached);
    }
    if (cached == null || cached.inUse) {
      return connection.prepareStatement(sql); // not cached: closes for real
    }
    cached.inUse = true;
    return cached.view;
  }

  private static Object call(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static final class Cached implements InvocationHandler {
    final PreparedStatement statement;
    final PreparedStatement view;
    boolean inUse;

    Cached(PreparedStatement statement) {
      this.statement = statement;
      this.view =
          (PreparedStatement)
              Proxy.newProxyInstance(
                  StatementCache.class.getClassLoader(),
                  new Class<?>[] {PreparedStatement.class},
                  this);
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      switch (method.getName()) {
        case "close" -> {
          if (inUse) {
            inUse = false;
            java.sql.ResultSet open = statement.getResultSet();
            if (open != null) {
              open.close(); // resets the statement: a half-read query would pin the WAL's snapshot
            }
            statement.clearBatch();
            statement.clearParameters();
          }
          return null;
        }
        case "isClosed" -> {
          return !inUse || statement.isClosed();
        }
        default -> {
          return call(statement, method, args);
        }
      }
    }
  }
}
