export {
  CALL_TICKETS_TABLE,
  type CallTicketRecord,
  callTicketKey,
  callTicketRecordOf,
  callTicketRow,
  isCallTicket,
  newCallTicket,
} from "./call-ticket.js";
