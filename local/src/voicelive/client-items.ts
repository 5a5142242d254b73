// `conversation.item.create` items as the service accepts them: messages (user/system/assistant),
// function_call and function_call_output. Returns the conversation record or the error to send.

import type { ConversationItemRecord } from "./conversation-log.js";
import { errors, invalidRequest, type ServiceError } from "./server-errors.js";
import { isObject, type JsonObject } from "./session-config.js";

export function itemFromClient(
  item: unknown,
  newId: (prefix: string) => string,
  nowMs: number,
): { ok: true; record: ConversationItemRecord } | { ok: false; error: ServiceError } {
  if (!isObject(item)) return { ok: false, error: errors.missingField("item") };
  const id = typeof item.id === "string" && item.id ? item.id : newId("item");
  const base = {
    id,
    audioMs: 0,
    truncatedAtMs: undefined,
    deleted: false,
    status: "completed" as const,
    responseId: undefined,
    createdAtMs: nowMs,
  };
  const wireBase = { id, object: "realtime.item", type: item.type, status: "completed" };
  switch (item.type) {
    case "message": {
      const role = item.role;
      if (role !== "user" && role !== "system" && role !== "assistant") {
        return {
          ok: false,
          error: invalidRequest("Invalid value for 'item.role'.", "item.role", "invalid_value"),
        };
      }
      const content = Array.isArray(item.content) ? item.content.filter(isObject) : [];
      const text = content.map(contentText).join(" ");
      const wire: JsonObject = { ...wireBase, role, content };
      return { ok: true, record: { ...base, type: "message", role, text, fullText: text, wire } };
    }
    case "function_call_output": {
      if (typeof item.call_id !== "string") return { ok: false, error: errors.missingField("item.call_id") };
      const output = typeof item.output === "string" ? item.output : JSON.stringify(item.output ?? "");
      // Reported without a status (recorded conversation.item.created of a function output).
      const wire: JsonObject = {
        id,
        object: "realtime.item",
        type: item.type,
        call_id: item.call_id,
        output,
      };
      const record: ConversationItemRecord = {
        ...base,
        type: "function_call_output",
        role: undefined,
        text: "",
        fullText: "",
        callId: item.call_id,
        output,
        wire,
      };
      return { ok: true, record };
    }
    case "function_call": {
      const name = typeof item.name === "string" ? item.name : "";
      const callId = typeof item.call_id === "string" ? item.call_id : newId("call");
      const args = typeof item.arguments === "string" ? item.arguments : "{}";
      const wire: JsonObject = { ...wireBase, name, call_id: callId, arguments: args };
      const record: ConversationItemRecord = {
        ...base,
        type: "function_call",
        role: undefined,
        text: "",
        fullText: "",
        name,
        callId,
        arguments: args,
        wire,
      };
      return { ok: true, record };
    }
    default:
      return {
        ok: false,
        error: invalidRequest("Invalid value for 'item.type'.", "item.type", "invalid_value"),
      };
  }
}

function contentText(part: JsonObject): string {
  if (typeof part.text === "string") return part.text;
  if (typeof part.transcript === "string") return part.transcript;
  return "";
}
