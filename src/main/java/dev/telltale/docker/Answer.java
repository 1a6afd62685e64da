package dev.telltale.docker;

import com.fasterxml.jackson.databind.JsonNode;

/** One whole answer of the API: its status and its body, copied out of Netty's buffers. */
record Answer(int status, byte[] body) {

    boolean ok() {
        return status == 200;
    }

    JsonNode json() {
        return Json.parse(body);
    }
}
