package importer

import (
	"context"
	"testing"

	"github.com/xuri/excelize/v2"

	"lastmile/data"
	"lastmile/data/civil"
)

// TestOneRefundRuleInEverySystem imports, for every sales system Lastmile
// reads, a file with one $500 sale on 4 March 2025 and $100 of it given
// back, written the way that system writes a refund, and checks the one
// rule: a refund counts against the sale it returns, on that sale's day.
// So 4 March shows 1 sale, $400 of revenue and $100 of refunds, and the
// refund's own day (20 March, where the file has one) shows nothing.
//
// Shopify, Stripe and WooCommerce write the refund on the order's own row;
// Square writes a refund row with the payment's Transaction ID; QuickBooks
// credit memos, Xero credit notes and a plain spreadsheet's negative row
// name only the customer, so the refund returns the customer's latest
// earlier sale. (WooCommerce's analytics export has no partial refunds: a
// refunded order is refunded in full, so there the day shows 0 sales,
// $0 and $500 of refunds.)
func TestOneRefundRuleInEverySystem(t *testing.T) {
	type want struct {
		sales            int
		revenue, refunds int64
	}
	partial := want{1, 40000, 10000}
	cases := []struct {
		system, name, body string
		xlsx               [][]any
		columns            map[Field]string // a plain spreadsheet: the columns a person maps
		sale               want
		links              data.RefundLinks
	}{
		{system: "shopify", name: "orders_export_1.csv", sale: partial, body: `Name,Email,Financial Status,Paid at,Currency,Total,Refunded Amount,Created at,Lineitem quantity,Lineitem name,Lineitem price
#1001,ann@example.com,partially_refunded,2025-03-04 10:00:00 -0700,USD,500.00,100.00,2025-03-04 10:00:00 -0700,1,Tent,500.00
`},
		{system: "stripe", name: "unified_payments.csv", sale: partial, body: `id,Created date (UTC),Amount,Amount Refunded,Currency,Status,Customer Email,Refunded date (UTC)
ch_1,2025-03-04 17:00:00,500.00,100.00,usd,Paid,ann@example.com,2025-03-20 17:00:00
`},
		{system: "woocommerce", name: "wc-orders-report-export.csv", sale: want{0, 0, 50000}, body: `Date,Order #,N. Revenue,Status,Customer
2025-03-04,1001,500.00,Refunded,Ann Lee
`},
		{system: "square", name: "transactions-2025-03-01-2025-04-01.csv", sale: partial, links: data.RefundLinks{ByID: 1},
			body: `Date,Time,Time Zone,Total Collected,Event Type,Transaction ID,Payment ID,Customer Name,Description,Transaction Status,Source
2025-03-04,11:00:00,Mountain Time (US & Canada),$500.00,Payment,TX1,P1,Ann Lee,Tent x 1,Complete,Point of Sale
2025-03-20,12:00:00,Mountain Time (US & Canada),-$100.00,Refund,TX1,P2,,Tent x 1,Complete,Point of Sale
`},
		{system: "quickbooks", name: "Peak_Sales by Customer Detail.xlsx", sale: partial, links: data.RefundLinks{ByCustomer: 1},
			xlsx: [][]any{
				{"Sales by Customer Detail"}, {"Peak Outfitters LLC"}, {"March 2025"}, {},
				{"", "Transaction date", "Transaction type", "Num", "Product/Service full name", "Quantity", "Sales price", "Amount", "Balance"},
				{"Lee Lodge"},
				{"", "03/04/2025", "Invoice", "1042", "Tent", 1, 500, 500, 500},
				{"", "03/20/2025", "Credit Memo", "1050", "Tent", 1, -100, -100, 400},
				{"Total for Lee Lodge", "", "", "", "", "", "", 400},
				{"TOTAL", "", "", "", "", "", "", 400},
			}},
		{system: "xero", name: "Sales invoices.csv", sale: partial, links: data.RefundLinks{ByCustomer: 1},
			body: `ContactName,EmailAddress,InvoiceNumber,Reference,InvoiceDate,DueDate,Total,Description,Quantity,UnitAmount,LineAmount,Currency,Type,Status
Lee Lodge,ann@example.com,INV-0042,,2025-03-04,2025-04-03,500.00,Tent,1,500.00,500.00,USD,Sales invoice,Paid
Lee Lodge,ann@example.com,CN-0007,,2025-03-20,2025-03-20,100.00,Tent,1,100.00,100.00,USD,Sales credit note,Paid
`},
		{system: "file", name: "invoices.csv", sale: partial, links: data.RefundLinks{ByCustomer: 1},
			columns: map[Field]string{FOrderID: "Invoice No", FDate: "Date", FCustomer: "Client", FEmail: "Email", FTotal: "Amount"},
			body: `Invoice No,Date,Client,Email,Amount
A-17,2025-03-04,Lee Lodge,ann@example.com,500.00
CR-3,2025-03-20,Lee Lodge,ann@example.com,-100.00
`},
	}
	saleDay, refundDay := civil.MustParse("2025-03-04"), civil.MustParse("2025-03-20")
	for _, c := range cases {
		t.Run(c.system, func(t *testing.T) {
			ctx := context.Background()
			var path string
			if c.xlsx != nil {
				path = writeFile(t, c.name, xlsxOf(t, c.xlsx))
			} else {
				path = writeFile(t, c.name, []byte(c.body))
			}
			w := newWS(t, denverUSD())
			f := read(t, path, Options{})
			if c.columns != nil {
				var err error
				if f, err = f.Mapped(ctx, "Invoices", data.KindSales, c.columns); err != nil {
					t.Fatal(err)
				}
			} else if f.Profile.System != c.system {
				t.Fatalf("read as %q (%s), want %s", f.Profile.Name, f.Profile.System, c.system)
			}
			if _, err := f.Import(ctx, w, false); err != nil {
				t.Fatal(err)
			}
			day := func(d civil.Date) want {
				t.Helper()
				got, err := w.Dashboard(ctx, data.Period{From: d, To: d}, data.FirstTouch)
				if err != nil {
					t.Fatal(err)
				}
				return want{got.Current.Sales, got.Current.Revenue, got.Current.Refunds}
			}
			if got := day(saleDay); got != c.sale {
				t.Errorf("the sale's day: %+v, want %+v", got, c.sale)
			}
			if got := day(refundDay); got != (want{}) {
				t.Errorf("the refund's own day: %+v, want nothing", got)
			}
			a, err := w.Aggregates(ctx, data.ReportOptions{Period: data.Period{From: saleDay, To: refundDay}})
			if err != nil {
				t.Fatal(err)
			}
			if a.Refunds != c.links {
				t.Errorf("refund rows linked %+v, want %+v", a.Refunds, c.links)
			}
		})
	}
}

// TestRefundWithoutItsSaleCountsOnItsOwnDay: a Square export that starts
// after the payment was made holds only the refund. It links to no sale,
// so it counts on its own day: $100 less revenue, $100 of refunds, no sale,
// and the report says one refund matched no sale. Importing the earlier
// file with the payment then moves it onto the payment's day.
func TestRefundWithoutItsSaleCountsOnItsOwnDay(t *testing.T) {
	ctx := context.Background()
	const head = "Date,Time,Time Zone,Total Collected,Event Type,Transaction ID,Payment ID,Customer Name,Description,Transaction Status,Source\n"
	w := newWS(t, denverUSD())
	later := writeFile(t, "transactions-2025-03-15-2025-04-01.csv", []byte(head+
		"2025-03-20,12:00:00,Mountain Time (US & Canada),-$100.00,Refund,TX1,P2,Ann Lee,Tent x 1,Complete,Point of Sale\n"))
	if _, err := read(t, later, Options{}).Import(ctx, w, false); err != nil {
		t.Fatal(err)
	}
	march := data.Period{From: civil.MustParse("2025-03-01"), To: civil.MustParse("2025-03-31")}
	check := func(p data.Period, sales int, revenue, refunds int64, links data.RefundLinks) {
		t.Helper()
		a, err := w.Aggregates(ctx, data.ReportOptions{Period: p})
		if err != nil {
			t.Fatal(err)
		}
		c := a.Summary.Current
		if c.Sales != sales || c.Revenue != revenue || c.Refunds != refunds || a.Refunds != links {
			t.Errorf("%v: %d sales, %d revenue, %d refunds, links %+v; want %d, %d, %d, %+v", p, c.Sales, c.Revenue, c.Refunds, a.Refunds,
				sales, revenue, refunds, links)
		}
	}
	check(march, 0, -10000, 10000, data.RefundLinks{Unlinked: 1, UnlinkedAmount: 10000})

	earlier := writeFile(t, "transactions-2025-02-15-2025-03-15.csv", []byte(head+
		"2025-03-04,11:00:00,Mountain Time (US & Canada),$500.00,Payment,TX1,P1,Ann Lee,Tent x 1,Complete,Point of Sale\n"))
	if _, err := read(t, earlier, Options{}).Import(ctx, w, false); err != nil {
		t.Fatal(err)
	}
	check(march, 1, 40000, 10000, data.RefundLinks{ByID: 1})
	check(data.Period{From: civil.MustParse("2025-03-20"), To: civil.MustParse("2025-03-20")}, 0, 0, 0, data.RefundLinks{})
}

// xlsxOf writes rows to the first sheet of a new workbook.
func xlsxOf(t *testing.T, rows [][]any) []byte {
	t.Helper()
	x := excelize.NewFile()
	defer x.Close()
	for i, r := range rows {
		cell, err := excelize.CoordinatesToCellName(1, i+1)
		if err != nil {
			t.Fatal(err)
		}
		if err := x.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	buf, err := x.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
