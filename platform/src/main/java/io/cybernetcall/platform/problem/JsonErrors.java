package io.cybernetcall.platform.problem;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.CharConversionException;
import java.io.IOException;
import java.util.stream.Collectors;

/**
 * Says what is wrong with a JSON body in the client's terms: which field, which line and column.
 * Never the parser's own message, which names Java classes and library settings.
 */
public final class JsonErrors {

  private JsonErrors() {}

  /**
   * The same for any failure of reading a body: a JSON error, or bytes that are not text in an
   * encoding JSON allows (the reader guesses UTF-16/32 from the first bytes and may refuse them).
   * Returns null for a failure that is not the body's fault.
   */
  public static String describe(IOException e) {
    if (e instanceof JsonProcessingException json) {
      return describe(json);
    }
    if (e instanceof CharConversionException) {
      return "The body is not JSON text in UTF-8.";
    }
    return null;
  }

  public static String describe(JsonProcessingException e) {
    if (e instanceof StreamConstraintsException) {
      return "The body nests too deeply or holds a value that is too long.";
    }
    if (e instanceof UnrecognizedPropertyException unknown) {
      return "Unknown field \"" + field(unknown) + "\".";
    }
    if (e instanceof InvalidFormatException || e instanceof MismatchedInputException) {
      JsonMappingException mapping = (JsonMappingException) e;
      String field = field(mapping);
      if (field.isEmpty()) {
        return "The body must be a JSON object of the documented shape.";
      }
      return "Field \"" + field + "\" is missing or has the wrong type.";
    }
    String message = String.valueOf(e.getOriginalMessage());
    if (message.startsWith("Duplicate field")) {
      return "A field appears twice" + at(e.getLocation()) + ".";
    }
    if (e instanceof JsonMappingException mapping && !field(mapping).isEmpty()) {
      return "Field \"" + field(mapping) + "\" has an invalid value.";
    }
    return "The body is not valid JSON" + at(e.getLocation()) + ".";
  }

  private static String field(JsonMappingException e) {
    return e.getPath().stream()
        .map(
            reference ->
                reference.getFieldName() != null
                    ? reference.getFieldName()
                    : "[" + reference.getIndex() + "]")
        .collect(Collectors.joining("."))
        .replace(".[", "[");
  }

  private static String at(JsonLocation location) {
    if (location == null || location.getLineNr() < 1) {
      return "";
    }
    return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }
}
