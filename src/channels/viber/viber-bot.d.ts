/**
 * Types for the few viber-bot modules Glas uses: its message classes and message parsing.
 * Only `viber-bot/lib/message/*` is imported, never the package root (which pulls in
 * Express and needle, and does not run on Workers).
 */

declare module "viber-bot/lib/message/message.js" {
  class Message {
    readonly timestamp: number | string | undefined;
    readonly token: number | string | undefined;
    /** Parsed from the JSON string Viber hands back; `{}` when absent or not JSON. */
    readonly trackingData: Record<string, unknown>;
    readonly keyboard: unknown;
    readonly minApiVersion: number | undefined;
    toJson(): Record<string, unknown>;
    /** Throws when a required field is missing. */
    verifyMessage(): void;
  }
  export = Message;
}

declare module "viber-bot/lib/message/text-message.js" {
  import Message = require("viber-bot/lib/message/message.js");
  class TextMessage extends Message {
    constructor(
      text: string,
      optionalKeyboard?: unknown,
      optionalTrackingData?: unknown,
      timestamp?: unknown,
      token?: unknown,
      minApiVersion?: number,
    );
    readonly text: string;
  }
  export = TextMessage;
}

declare module "viber-bot/lib/message/keyboard-message.js" {
  import Message = require("viber-bot/lib/message/message.js");
  class KeyboardMessage extends Message {
    constructor(keyboard: unknown, optionalTrackingData?: unknown, timestamp?: unknown, token?: unknown, minApiVersion?: number);
  }
  export = KeyboardMessage;
}

declare module "viber-bot/lib/message/message-factory.js" {
  import Message = require("viber-bot/lib/message/message.js");
  class MessageFactory {
    constructor(logger: { debug(...args: unknown[]): void });
    /** The message class for `json.message.type`, or undefined for a type it does not know. */
    createMessageFromJson(json: { message: { type: string }; timestamp?: unknown; message_token?: unknown }): Message | undefined;
  }
  export = MessageFactory;
}

declare module "viber-bot/lib/message/picture-message.js" {
  import Message = require("viber-bot/lib/message/message.js");
  class PictureMessage extends Message {
    constructor(url: string, optionalText?: string, optionalThumbnail?: string, optionalKeyboard?: unknown);
  }
  export = PictureMessage;
}

declare module "viber-bot/lib/message/file-message.js" {
  import Message = require("viber-bot/lib/message/message.js");
  class FileMessage extends Message {
    constructor(url: string, sizeInBytes: number, filename: string, optionalKeyboard?: unknown);
  }
  export = FileMessage;
}
