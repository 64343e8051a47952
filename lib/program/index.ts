export type {
  Adapter,
  ChatMessage,
  FieldLexer,
  FieldSink,
  LMParams,
} from './adapters/adapter';
export { AdapterParseError } from './adapters/adapter';
export { ChatAdapter } from './adapters/chat';
export { JSONAdapter } from './adapters/json';
export { ChainOfThought } from './chain-of-thought';
export { type CachedCompletion, LMCache } from './lm/cache';
export { ComputedLM, type ComputedLMOptions, type ComputeOutputs } from './lm/computed';
export { httpFetch } from './lm/http-fetch';
export type { LM, LMRequest, LMStreamPart, Usage } from './lm/lm';
export { LMStreamCutError, LMTimeoutError, OpenAILM, type OpenAILMOptions } from './lm/openai';
export { estimatePromptTokens, estimateTokens } from './lm/tokens';
export { type CallOptions, Module } from './module';
export { Predict, type PredictOptions } from './predict';
export { Prediction } from './prediction';
export { type Field, Signature, type SignatureSpec } from './signature';
export type {
  LMEndInfo,
  LMStartInfo,
  ModuleEndInfo,
  ModuleStartInfo,
  StatusMessageProvider,
  ToolEndInfo,
  ToolStartInfo,
} from './status';
export { FieldFollower, StreamListener, type StreamListenerOptions } from './streaming/listener';
export type {
  ProgramEvent,
  StatusMessage,
  StreamEvent,
  StreamResponse,
} from './streaming/messages';
export { toServerSentEvents } from './streaming/sse';
export { type StreamifyOptions, type StreamingProgram, streamify } from './streaming/streamify';
