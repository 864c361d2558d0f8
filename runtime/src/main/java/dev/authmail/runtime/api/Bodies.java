package dev.authmail.runtime.api;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.authmail.connector.api.ConfigProblem;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reading request bodies and answering the management services' refusals. Stateless. */
public final class Bodies {
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private Bodies() {}

  /**
   * {@code handler}, with {@link InvalidInput} answered as 400 {@code guard.invalid_input} and its
   * details.
   */
  public static ApiHandler guarded(ApiHandler handler) {
    return ctx -> {
      try {
        handler.handle(ctx);
      } catch (InvalidInput e) {
        throw guard(e.problems());
      }
    };
  }

  public static ApiException guard(List<ConfigProblem> problems) {
    String message =
        problems.size() == 1
            ? problems.get(0).toString()
            : problems.size()
                + " problems: "
                + String.join("; ", problems.stream().map(ConfigProblem::toString).toList());
    return ApiErrors.guard(
        message,
        problems.stream().map(p -> new ApiException.Detail(p.path(), p.message())).toList());
  }

  /** The body as a JSON-shaped map (it must be an object). */
  public static Map<String, Object> map(ApiContext ctx) {
    return ctx.mapper().convertValue(ctx.bodyObject(), MAP);
  }

  /** A JSON object field as a map; {@code null} when absent or null. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> object(Map<String, Object> body, String key) {
    Object value = body.get(key);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Map<?, ?>)) {
      throw new InvalidInput(key, "must be a JSON object");
    }
    return new LinkedHashMap<>((Map<String, Object>) value);
  }

  public static String string(Map<String, Object> body, String key) {
    Object value = body.get(key);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String s)) {
      throw new InvalidInput(key, "must be a string");
    }
    return s;
  }

  public static Boolean bool(Map<String, Object> body, String key) {
    Object value = body.get(key);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Boolean b)) {
      throw new InvalidInput(key, "must be true or false");
    }
    return b;
  }

  public static Integer integer(Map<String, Object> body, String key, int min, int max) {
    Object value = body.get(key);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Integer || value instanceof Long)
        || ((Number) value).longValue() < min
        || ((Number) value).longValue() > max) {
      throw new InvalidInput(key, "must be a whole number from " + min + " to " + max);
    }
    return ((Number) value).intValue();
  }

  /** An integer query parameter within bounds, or {@code fallback} when absent. */
  public static int queryInt(ApiContext ctx, String name, int fallback, int min, int max) {
    String value = ctx.queryParam(name);
    if (value == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(value.trim());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ApiErrors.invalidInput(
        "Query parameter " + name + " must be a whole number from " + min + " to " + max + ".");
  }
}
