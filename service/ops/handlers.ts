/**
 * The shape of an area's operations: a typed map from operation name to its
 * handler, so each area declares exactly the contract's input and output
 * types and the composition root can check that together they cover every
 * operation.
 */
import type { OperationInput, OperationOutput } from '../../shared/api';
import type { OperationName } from '../../shared/operations';

/** Operations that take nothing (`getStatus`) may be called without an argument in-process (the transports always pass `{}`). */
type Handler<P extends OperationName> =
  OperationInput<P> extends Record<string, never>
    ? (input?: OperationInput<P>) => Promise<OperationOutput<P>>
    : (input: OperationInput<P>) => Promise<OperationOutput<P>>;

export type OperationHandlers<K extends OperationName> = { [P in K]: Handler<P> };

/** Every operation of the contract, as the service implements it. */
export type ServiceOperations = OperationHandlers<OperationName>;
