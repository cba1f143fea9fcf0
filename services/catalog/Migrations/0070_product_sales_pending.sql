-- Units sold (positive) or put back on sale by a restock (negative) that products.sales does not count yet. A commit
-- only appends here: raising products.sales itself queued every commit of a product behind the one before on the product
-- row, and since sales is indexed the row could not be updated in place, so each commit rewrote its search index
-- entries too (docs/benchmarks.md, step [13]). ProductSales folds the rows into products.sales every few seconds.
-- No key: rows are only ever appended and taken all at once.
CREATE TABLE product_sales_pending (
    product_id  uuid   NOT NULL,
    quantity    bigint NOT NULL
);
