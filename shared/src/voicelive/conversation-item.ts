// Conversation items: what a client adds with `conversation.item.create` and what the service reports
// in `conversation.item.*`, `response.output_item.*` and `response.done`. The service adds `id`,
// `object` and `status` to the items it reports.

export type ItemStatus = "in_progress" | "completed" | "incomplete";
export type MessageRole = "user" | "system" | "assistant";

export interface InputTextContentPart {
  type: "input_text";
  text: string;
}

export interface InputAudioContentPart {
  type: "input_audio";
  /** Base64 audio; the service reports null. */
  audio?: string | null;
  transcript?: string | null;
}

export interface InputImageContentPart {
  type: "input_image";
  image_url?: string;
}

export interface TextContentPart {
  type: "text";
  text: string;
}

export interface AudioContentPart {
  type: "audio";
  audio?: string | null;
  transcript?: string | null;
}

export type ContentPart =
  | InputTextContentPart
  | InputAudioContentPart
  | InputImageContentPart
  | TextContentPart
  | AudioContentPart;

/** Fields the service adds to every item it reports (read as any string: they are not required). */
interface ItemIdentity {
  id?: string;
  object?: string;
  status?: ItemStatus | (string & {});
}

export interface MessageItem extends ItemIdentity {
  type: "message";
  role: MessageRole;
  content: ContentPart[];
}

export interface FunctionCallItem extends ItemIdentity {
  type: "function_call";
  name: string;
  call_id: string;
  /** JSON text of the arguments object, as the model produced it (may be malformed). */
  arguments: string;
}

export interface FunctionCallOutputItem extends ItemIdentity {
  type: "function_call_output";
  call_id: string;
  /** Free text; conventionally JSON. */
  output: string;
}

export interface McpApprovalResponseItem extends ItemIdentity {
  type: "mcp_approval_response";
  approval_request_id: string;
  approve: boolean;
  reason?: string;
}

/** Items a client can create. */
export type ConversationItem =
  | MessageItem
  | FunctionCallItem
  | FunctionCallOutputItem
  | McpApprovalResponseItem;

export type ExtensionItemType =
  | "mcp_list_tools"
  | "mcp_call"
  | "mcp_approval_request"
  | "web_search_call"
  | "file_search_call";

/** Item kinds the service reports for MCP and search tools; recognised, fields not modelled. */
export interface ExtensionItem extends ItemIdentity {
  type: ExtensionItemType;
  [key: string]: unknown;
}

/**
 * An item of a kind this code does not know, reported inside an otherwise valid event. Replacing it
 * keeps e.g. a `response.done` readable (the worker's turn state depends on it) while the item's
 * `type` stays matchable; like UnknownEvent, `originalType` is cut to MAX_REPORTED_TYPE_LENGTH.
 */
export interface UnknownItem {
  type: "unknown";
  originalType: string;
  id?: string;
}

/** Items the service reports. */
export type ResponseItem = ConversationItem | ExtensionItem | UnknownItem;
