package io.accountmonitor.core.archfixture;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Breaks "core depends only on the JDK and SLF4J". */
public class CoreClassUsingJackson {
    private final ObjectMapper mapper = new ObjectMapper();

    public String write(Object value) throws Exception {
        return mapper.writeValueAsString(value);
    }
}
