/**
 * Shapes of the control API's JSON bodies (camelCase, decimals as strings). Zod checks the
 * shape; the ops check Coupa's rules (uniqueness, references, states).
 */
import { z } from 'zod';

const decimal = z.union([z.string(), z.number()]).transform(String);
const text = z.string().nullable().optional();

const contact = z.object({ email: text, firstName: text, lastName: text, phone: text }).strict();
const address = z.object({ name: text, street1: text, street2: text, city: text, state: text, postalCode: text, country: text }).strict();
const customFields = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]));

const supplierFields = {
  displayName: text,
  number: text,
  status: z.enum(['active', 'inactive', 'draft', 'onboarding']).optional(),
  website: text,
  taxId: text,
  accountNumber: text,
  onHold: z.boolean().optional(),
  paymentTerm: text,
  poMethod: z.string().optional(),
  poEmail: text,
  invoiceMatchingLevel: z.string().optional(),
  contact: contact.nullable().optional(),
  address: address.nullable().optional(),
  customFields: customFields.optional(),
};

export const supplierInput = z.object({ name: z.string(), ...supplierFields }).strict();
export const supplierPatch = z.object({ name: z.string().optional(), ...supplierFields }).strict();

const orderLineInput = z
  .object({
    lineNum: z.string().optional(),
    description: z.string(),
    quantity: decimal.nullable().optional(),
    price: decimal,
    uom: z.string().optional(),
    accountCode: z.string().optional(),
    needBy: z.string().optional(),
    sourcePartNum: text,
  })
  .strict();

export const purchaseOrderInput = z
  .object({
    supplierId: z.number().int().optional(),
    supplierNumber: z.string().optional(),
    poNumber: z.string().optional(),
    currency: z.string(),
    paymentTerm: z.string().optional(),
    status: z.enum(['draft', 'issued']).optional(),
    shipToAttention: text,
    lines: z.array(orderLineInput),
    customFields: customFields.optional(),
  })
  .strict();

export const revisionInput = z.object({ lines: z.array(orderLineInput), shipToAttention: text }).strict();

/** One part of a line's split coding: an account (code or segments) and a pct or an amount. */
const accountAllocationInput = z
  .object({
    accountCode: z.string().optional(),
    segments: z.array(z.string()).optional(),
    pct: decimal.optional(),
    amount: decimal.optional(),
  })
  .strict();

const invoiceLineInput = z
  .object({
    orderLineId: z.number().int().optional(),
    poLineNum: z.string().optional(),
    description: z.string().optional(),
    quantity: decimal.nullable().optional(),
    price: decimal.optional(),
    uom: z.string().optional(),
    accountCode: z.string().optional(),
    accountAllocations: z.array(accountAllocationInput).optional(),
  })
  .strict();

export const invoiceInput = z
  .object({
    supplierId: z.number().int().optional(),
    supplierNumber: z.string().optional(),
    invoiceNumber: z.string(),
    invoiceDate: z.string().optional(),
    currency: z.string().optional(),
    paymentTerm: z.string().optional(),
    status: z.enum(['draft', 'pending_receipt', 'pending_approval', 'approved']).optional(),
    purchaseOrderId: z.number().int().optional(),
    poNumber: z.string().optional(),
    lines: z.array(invoiceLineInput).optional(),
    taxAmount: decimal.optional(),
    taxRate: decimal.nullable().optional(),
    taxCode: z.string().nullable().optional(),
    shippingAmount: decimal.optional(),
    handlingAmount: decimal.optional(),
    miscAmount: decimal.optional(),
    discountAmount: decimal.optional(),
    documentType: z.enum(['Invoice', 'Credit Note']).optional(),
    customFields: customFields.optional(),
  })
  .strict();

export const paymentInput = z.object({ amount: decimal, date: z.string().optional(), notes: text }).strict();

export const pushTarget = z.object({ url: z.string(), secret: z.string() }).strict();
/** PUT /_sandbox/push: other keys are ignored, no `targets` clears the list. */
export const pushTargets = z.object({ targets: z.array(pushTarget).optional() });

const timestamps = { createdAt: z.string().optional(), updatedAt: z.string().optional() };

/** A whole CoupaSeed (POST /_sandbox/seed); lists left out load nothing. */
export const coupaSeed = z
  .object({
    accounts: z.array(z.object({ code: z.string(), name: z.string() }).strict()).optional(),
    suppliers: z.array(supplierInput.extend({ number: z.string(), ...timestamps })).default([]),
    purchaseOrders: z
      .array(
        purchaseOrderInput.omit({ status: true, supplierId: true, supplierNumber: true }).extend({
          poNumber: z.string(),
          supplierNumber: z.string(),
          status: z.enum(['draft', 'buyer_hold', 'issued', 'closed', 'cancelled']),
          version: z.number().int().optional(),
          exported: z.boolean().optional(),
          ...timestamps,
        }),
      )
      .default([]),
    invoices: z
      .array(
        invoiceInput.omit({ status: true, supplierId: true, supplierNumber: true, purchaseOrderId: true }).extend({
          supplierNumber: z.string(),
          status: z.enum(['draft', 'pending_receipt', 'pending_approval', 'approved', 'voided']),
          payments: z.array(z.object({ amount: z.string(), date: z.string(), notes: text }).strict()).optional(),
          exported: z.boolean().optional(),
          ...timestamps,
        }),
      )
      .default([]),
  })
  .strict();

export const clientInput = z.object({ clientId: z.string().min(1), clientSecret: z.string().min(1), scopes: z.array(z.string()) }).strict();

export class ControlInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ControlInputError';
  }
}

export function parseInput<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  const result = schema.safeParse(body ?? {});
  if (!result.success) throw new ControlInputError(z.prettifyError(result.error));
  return result.data;
}
