package importer

import (
	"lastmile/data"
)

// Builtin returns the built-in profiles: every export format Lastmile
// recognises by itself, and the known exports it refuses with a reason.
// FORMATS.md describes them for people.
func Builtin() []Profile {
	out := make([]Profile, 0, len(builtins))
	for _, p := range builtins {
		p.Builtin = true
		out = append(out, p)
	}
	return out
}

// Ad report columns shared by the Google Ads reports.
var googleColumns = map[Field][]string{
	FDay:             {"Day", "Date"},
	FAccount:         {"Account", "Account name", "Customer ID"},
	FCampaign:        {"Campaign"},
	FAdGroup:         {"Ad group"},
	FCurrency:        {"Currency code", "Currency"},
	FSpend:           {"Cost"},
	FImpressions:     {"Impr.", "Impressions"},
	FClicks:          {"Clicks", "Interactions"}, // an ad report may show only interactions
	FConversions:     {"Conversions"},
	FConversionValue: {"Conv. value", "Conversion value"},
}

func withDetail(cols map[Field][]string, detail ...string) map[Field][]string {
	out := map[Field][]string{FDetail: detail}
	for f, n := range cols {
		out[f] = n
	}
	return out
}

var googleTotals = []string{"Total:", "Total :", "Total - "} // "Total - all campaigns" in 2016-era AdWords

var builtins = []Profile{
	// ---- Ad platforms ----
	{
		Name: "Google Ads campaign report", Kind: data.KindAdStats, System: "google_ads", Level: "campaign",
		Require: []string{"Campaign", "Cost", "Impr.|Currency code|Impressions"},
		Columns: googleColumns, SkipFirstCell: googleTotals, SkipEmpty: []Field{FDay}, RangeFromTitle: true,
	},
	{
		Name: "Google Ads ad group report", Kind: data.KindAdStats, System: "google_ads", Level: "ad_group",
		Require: []string{"Campaign", "Ad group", "Cost", "Impr.|Currency code|Impressions"},
		Columns: googleColumns, SkipFirstCell: googleTotals, SkipEmpty: []Field{FDay}, RangeFromTitle: true,
	},
	{
		Name: "Google Ads keyword report", Kind: data.KindAdStats, System: "google_ads", Level: "keyword",
		Require: []string{"Keyword|Search keyword", "Campaign", "Ad group", "Cost", "Impr.|Currency code|Impressions"},
		Columns: withDetail(googleColumns, "Keyword", "Search keyword"), SkipFirstCell: googleTotals, SkipEmpty: []Field{FDay}, RangeFromTitle: true,
	},
	{
		// Downloaded from inside one campaign: no Campaign column.
		Name: "Google Ads keyword report (one campaign)", Kind: data.KindAdStats, System: "google_ads", Level: "keyword",
		Require: []string{"Keyword|Search keyword", "Ad group", "Cost", "Impr.|Currency code|Impressions"},
		Columns: withDetail(googleColumns, "Keyword", "Search keyword"), SkipFirstCell: googleTotals, SkipEmpty: []Field{FDay}, RangeFromTitle: true,
		OneCampaign: true,
	},
	{
		Name: "Google Ads ad group report (one campaign)", Kind: data.KindAdStats, System: "google_ads", Level: "ad_group",
		Require: []string{"Ad group", "Ad group status|Ad group type", "Cost", "Impr.|Currency code|Impressions"},
		Columns: googleColumns, SkipFirstCell: googleTotals, SkipEmpty: []Field{FDay}, RangeFromTitle: true,
		OneCampaign: true,
	},
	{
		Name: "Google Ads search terms report", Kind: data.KindAdStats, System: "google_ads", Level: "search_term",
		Require: []string{"Search term", "Campaign", "Ad group", "Cost", "Impr.|Currency code|Impressions"},
		Columns: withDetail(googleColumns, "Search term"), SkipFirstCell: googleTotals, SkipEmpty: []Field{FDay}, RangeFromTitle: true,
	},
	{
		Name: "Google Ads ad report", Kind: data.KindAdStats, System: "google_ads", Level: "ad",
		Require: []string{"Ad type|Headline 1|Ad ID", "Campaign", "Ad group", "Cost", "Impr.|Currency code|Impressions"},
		Columns: googleColumns, SkipFirstCell: googleTotals, SkipEmpty: []Field{FDay}, RangeFromTitle: true,
	},
	{
		Name: "Meta Ads Manager report", Kind: data.KindAdStats, System: "meta_ads",
		// Ads Manager names the first column after the tab the export was
		// made from when it is not the name column itself ("Ads",
		// "Ad sets", "Campaigns").
		// Headers follow the person's language (Spanish and Chinese seen).
		Require: []string{`re:^Amount spent \(([A-Z]{3})\)$|Amount spent|Reporting starts|re:^Importe gastado \(([A-Z]{3})\)$|Inicio del informe|re:^已花费金额 \(([A-Z]{3})\)$|报告开始日期`,
			"Campaign name|Ad set name|Ad name|Campaigns|Ad sets|Ads|Account name|Nombre de la campaña|Nombre del conjunto de anuncios|Nombre del anuncio|广告系列名称|广告组名称|广告名称"},
		Columns: map[Field][]string{
			FDay:             {"Day", "Date", "Día", "天"},
			FDateFrom:        {"Reporting starts", "Inicio del informe", "报告开始日期"},
			FDateTo:          {"Reporting ends", "Fin del informe", "报告结束日期"},
			FAccount:         {"Account name", "Nombre de la cuenta", "帐户名称"},
			FCampaign:        {"Campaign name", "Campaigns", "Nombre de la campaña", "广告系列名称"},
			FAdGroup:         {"Ad set name", "Ad sets", "Nombre del conjunto de anuncios", "广告组名称"},
			FDetail:          {"Ad name", "Ads", "Nombre del anuncio", "广告名称"},
			FSpend:           {`re:^Amount spent \(([A-Z]{3})\)$`, "Amount spent", `re:^Importe gastado \(([A-Z]{3})\)$`, `re:^已花费金额 \(([A-Z]{3})\)$`},
			FCurrency:        {"Currency", "Divisa", "币种"},
			FImpressions:     {"Impressions", "Impresiones", "展示次数"},
			FClicks:          {"Link clicks", "Clicks (all)", "Clics en el enlace", "链接点击量"},
			FConversions:     {"Results", "Purchases", "Leads", "Resultados", "成效"},
			FConversionValue: {"Purchases conversion value", "Results value", "Website purchases conversion value"},
			FPurchases:       {"Purchases", "Website purchases"},
			FPlatformLeads:   {"Leads", "Meta leads", "On-Facebook leads"},
		},
		SkipEmpty: []Field{FCampaign, FAdGroup},
		// The export dialog can add a row of totals with no name.
		SummaryTotal: "summary",
		NoData:       "No data available.",
	},
	{
		Name: "Microsoft Advertising report", Kind: data.KindAdStats, System: "microsoft_ads",
		Require: []string{"Spend", "TimePeriod|Gregorian date|Date", "CampaignName|Campaign name|Campaign"},
		Columns: map[Field][]string{
			FDay:             {"TimePeriod", "Gregorian date", "Date"},
			FAccount:         {"AccountName", "Account name"},
			FCampaign:        {"CampaignName", "Campaign name", "Campaign"},
			FAdGroup:         {"AdGroupName", "Ad group"},
			FCurrency:        {"CurrencyCode", "Currency code", "Currency"},
			FSpend:           {"Spend"},
			FImpressions:     {"Impressions", "Impr."},
			FClicks:          {"Clicks"},
			FConversions:     {"Conversions", "Conv."},
			FConversionValue: {"Revenue"},
		},
		SkipFirstCell: []string{"©", "(c)", "Total"},
		SkipEmpty:     []Field{FDay},
	},
	{
		Name: "LinkedIn Campaign Manager report", Kind: data.KindAdStats, System: "linkedin_ads", DateOrder: MonthFirst,
		Require: []string{"Total Spent", "Campaign Name|Campaign"},
		Columns: map[Field][]string{
			FDay:             {"Start Date (in UTC)", "Date", "Day"},
			FAccount:         {"Account Name"},
			FCampaign:        {"Campaign Name", "Campaign"},
			FDetail:          {"Creative Name"},
			FCurrency:        {"Currency"},
			FSpend:           {"Total Spent"},
			FImpressions:     {"Impressions"},
			FClicks:          {"Clicks"},
			FConversions:     {"Conversions"},
			FConversionValue: {"Total Conversion Value"},
			FPlatformLeads:   {"Leads"},
		},
		SkipEmpty: []Field{FDay},
	},
	{
		Name: "TikTok Ads Manager report", Kind: data.KindAdStats, System: "tiktok_ads",
		Require: []string{"Cost", "By Day|Date|Stat time day", "Campaign name|Campaign"},
		Columns: map[Field][]string{
			FDay:             {"By Day", "Date", "Stat time day"},
			FCampaign:        {"Campaign name", "Campaign"},
			FAdGroup:         {"Ad group name"},
			FDetail:          {"Ad name"},
			FCurrency:        {"Currency"},
			FSpend:           {"Cost"},
			FImpressions:     {"Impressions"},
			FClicks:          {"Clicks (destination)", "Clicks (all)", "Clicks"},
			FConversions:     {"Conversions", "Results"},
			FConversionValue: {"Total complete payment", "Complete payment", "Total purchase value"},
		},
		SkipFirstCell: []string{"Total"},
		SkipEmpty:     []Field{FDay},
	},

	// ---- Sales ----
	{
		Name: "Shopify orders", Kind: data.KindSales, System: "shopify",
		Require: []string{"Name", "Financial Status", "Lineitem name"},
		Columns: map[Field][]string{
			FOrderID: {"Name"}, FEmail: {"Email"}, FStatus: {"Financial Status"}, FCurrency: {"Currency"},
			FTotal: {"Total"}, FRefunded: {"Refunded Amount"}, FDate: {"Created at", "Paid at"},
			FCustomer: {"Billing Name", "Shipping Name"}, FCompany: {"Billing Company", "Shipping Company"},
			FPhone: {"Phone", "Billing Phone", "Shipping Phone"}, FSKU: {"Lineitem sku"}, FProduct: {"Lineitem name"},
			FQuantity: {"Lineitem quantity"}, FUnitPrice: {"Lineitem price"}, FNotes: {"Note Attributes"},
		},
		Source:  []string{"Source", "Referring Site", "Landing Site", "Discount Code"},
		GroupBy: FOrderID,
		Kinds: []KindRule{
			{Field: FStatus, Values: []string{"voided", "pending", "authorized", "expired"}, Kind: data.SaleVoid},
		},
	},
	{
		Name: "WooCommerce orders", Kind: data.KindSales, System: "woocommerce",
		Require: []string{"Order #", "N. Revenue|N. Revenue (formatted)|Net Sales", "Status"},
		Columns: map[Field][]string{
			FOrderID: {"Order #"}, FDate: {"Date"}, FStatus: {"Status"}, FCustomer: {"Customer"},
			FTotal: {"N. Revenue", "N. Revenue (formatted)", "Net Sales"}, FItems: {"Product(s)"},
		},
		Source: []string{"Attribution", "Coupon(s)", "Customer type"},
		Kinds: []KindRule{
			{Field: FStatus, Values: []string{"refunded"}, Kind: Refunded},
			{Field: FStatus, Values: []string{"cancelled", "canceled", "failed", "pending", "pending payment", "draft", "checkout-draft", "trash"}, Kind: data.SaleVoid},
		},
	},
	{
		Name: "Square transactions", Kind: data.KindSales, System: "square",
		Require: []string{"Total Collected", "Event Type"},
		Columns: map[Field][]string{
			FOrderID: {"Transaction ID"}, FAltID: {"Payment ID"}, FDate: {"Date"}, FTime: {"Time"},
			FTimeZone: {"Time Zone"}, FType: {"Event Type"}, FTotal: {"Total Collected"}, FCustomer: {"Customer Name"},
			FItems: {"Description"}, FStatus: {"Transaction Status"},
		},
		Source: []string{"Source", "Channel", "Location", "Device Name", "Discount Name"},
		// A refund keeps its payment's Transaction ID: the kind is part of
		// the key ("Payment …", "Refund …").
		KeyFields:         []Field{FType, FOrderID},
		RefundKeepsNumber: true,
		Kinds: []KindRule{
			{Field: FType, Values: []string{"refund"}, Kind: data.SaleRefund},
			{Field: FStatus, Values: []string{"failed", "canceled", "cancelled"}, Kind: data.SaleVoid},
		},
	},
	{
		Name: "Stripe payments", Kind: data.KindSales, System: "stripe", TimeZone: "UTC",
		Require: []string{"Created date (UTC)|Created (UTC)", "Amount"},
		Columns: map[Field][]string{
			FOrderID: {"id"}, FAltID: {"PaymentIntent ID"}, FDate: {"Created date (UTC)", "Created (UTC)"},
			FTotal: {"Amount"}, FRefunded: {"Amount Refunded"}, FCurrency: {"Currency"}, FStatus: {"Status"},
			FEmail: {"Customer Email"}, FCustomer: {"Customer Description", "Customer Name", "Card Name"},
			FPhone: {"Customer Phone"},
		},
		Source: []string{"re:^UTM ", `re:\(metadata\)$`, "Description", "Payment Link ID", "Client Reference ID"},
		Kinds: []KindRule{
			{Field: FStatus, Values: []string{"failed", "canceled", "cancelled", "incomplete", "blocked"}, Kind: data.SaleVoid},
			{Field: FOrderID, Values: []string{""}, Kind: data.SaleVoid}, // no charge: an invoice that was not paid
		},
		// A payment attempt that never got as far as a charge (status
		// requires_payment_method) has neither a charge id nor, in the
		// layouts without that column, a PaymentIntent id: nothing was paid.
		LeaveOut: []LeaveOut{{Fields: []Field{FOrderID, FAltID}, Values: []string{""}, What: "payment attempts that never completed (no payment id)"}},
	},
	{
		Name: "QuickBooks Online sales by customer detail", Kind: data.KindSales, System: "quickbooks", DateOrder: MonthFirst,
		Require: []string{"Transaction date|Date", "Transaction type", "Num", "Amount"},
		Columns: map[Field][]string{
			FDate: {"Transaction date", "Date"}, FType: {"Transaction type"}, FOrderID: {"Num", "No."},
			FProduct: {"Product/Service full name", "Product/Service"}, FQuantity: {"Quantity", "Qty"},
			FUnitPrice: {"Sales price", "Rate"}, FLineTotal: {"Amount"}, FCustomer: {"Customer full name", "Customer"},
		},
		SkipFirstCell: []string{"Total for", "TOTAL", "Accrual Basis", "Cash Basis"},
		TotalRow:      "TOTAL",
		CarryDown:     FCustomer,
		GroupBy:       FOrderID,
		KeyFields:     []Field{FType, FOrderID},
		Kinds: []KindRule{
			{Field: FType, Values: []string{"credit memo", "refund receipt", "refund"}, Kind: data.SaleRefund},
		},
	},
	{
		Name: "Xero invoices", Kind: data.KindSales, System: "xero",
		Require: []string{"InvoiceNumber", "ContactName"},
		Columns: map[Field][]string{
			FOrderID: {"InvoiceNumber"}, FCustomer: {"ContactName"}, FEmail: {"EmailAddress"}, FDate: {"InvoiceDate"},
			FTotal: {"Total"}, FCurrency: {"Currency"}, FProduct: {"Description"}, FSKU: {"InventoryItemCode"},
			FQuantity: {"Quantity"}, FUnitPrice: {"UnitAmount"}, FLineTotal: {"LineAmount"}, FType: {"Type"}, FStatus: {"Status"},
		},
		Source:  []string{"Reference", "BrandingTheme", "TrackingOption1", "TrackingOption2"},
		GroupBy: FOrderID,
		Kinds: []KindRule{
			{Field: FType, Values: []string{"sales credit note", "accreccredit", "credit note"}, Kind: data.SaleRefund},
			{Field: FStatus, Values: []string{"voided", "deleted", "draft"}, Kind: data.SaleVoid},
		},
	},

	{
		// Square › Reports › Item sales › Export (items-<start>-<end>.csv):
		// one row per item sold, grouped into its payment. Net Sales leaves
		// out tax, where the transactions export's Total Collected has it.
		Name: "Square item sales", Kind: data.KindSales, System: "square",
		Require: []string{"Item", "Qty", "Gross Sales", "Net Sales", "Transaction ID", "Event Type"},
		Columns: map[Field][]string{
			FOrderID: {"Transaction ID"}, FAltID: {"Payment ID"}, FDate: {"Date"}, FTime: {"Time"},
			FTimeZone: {"Time Zone"}, FType: {"Event Type"}, FCustomer: {"Customer Name"},
			FProduct: {"Item"}, FQuantity: {"Qty"}, FSKU: {"SKU"}, FLineTotal: {"Net Sales"},
		},
		Source:            []string{"Channel", "Location", "Device Name"},
		KeyFields:         []Field{FType, FOrderID},
		RefundKeepsNumber: true,
		GroupBy:           FOrderID,
		Kinds:             []KindRule{{Field: FType, Values: []string{"refund"}, Kind: data.SaleRefund}},
	},
	{
		// Etsy › Shop Manager › Settings › Options › Download Data › Orders
		// (layout from Etsy's help pages, not yet seen in a real file here).
		Name: "Etsy sold orders", Kind: data.KindSales, System: "etsy", DateOrder: MonthFirst,
		Require: []string{"Sale Date", "Order ID", "Order Total", "Number of Items|Buyer User ID"},
		Columns: map[Field][]string{
			FDate: {"Sale Date"}, FOrderID: {"Order ID"}, FCustomer: {"Full Name", "Buyer"}, FTotal: {"Order Total"},
			FCurrency: {"Currency"}, FStatus: {"Status"},
		},
		Source: []string{"Coupon Code", "Order Type", "Payment Type"},
	},
	{
		// Etsy's sold order items download: one row per item, grouped into
		// its order (items only: without the order's shipping and tax).
		Name: "Etsy sold order items", Kind: data.KindSales, System: "etsy", DateOrder: MonthFirst,
		Require: []string{"Sale Date", "Item Name", "Transaction ID", "Order ID", "Item Total"},
		Columns: map[Field][]string{
			FDate: {"Sale Date"}, FOrderID: {"Order ID"}, FCustomer: {"Ship Name", "Buyer"}, FProduct: {"Item Name"},
			FQuantity: {"Quantity"}, FUnitPrice: {"Price"}, FLineTotal: {"Item Total"}, FSKU: {"SKU"}, FCurrency: {"Currency"},
		},
		GroupBy: FOrderID,
		Source:  []string{"Coupon Code", "Order Type", "Payment Type"},
	},
	{
		// Etsy's listings download: what is for sale and how many are left,
		// taken as stock on the day of import.
		Name: "Etsy listings", Kind: data.KindStock, System: "etsy",
		Require: []string{"TITLE", "PRICE", "CURRENCY_CODE", "QUANTITY"},
		Columns: map[Field][]string{FSKU: {"SKU"}, FProduct: {"TITLE"}, FOnHand: {"QUANTITY"}},
	},

	// ---- Leads ----
	{
		// Zoho CRM › Leads › Export (layout from Zoho's help pages, not yet
		// seen in a real file here).
		Name: "Zoho CRM leads", Kind: data.KindLeads, System: "zoho",
		Require: []string{"Record Id", "Lead Source|Lead Status", "Created Time"},
		Columns: map[Field][]string{
			FRecordID: {"Record Id"}, FFirstName: {"First Name"}, FLastName: {"Last Name"}, FEmail: {"Email"},
			FPhone: {"Phone", "Mobile"}, FCompany: {"Company"}, FOwner: {"Lead Owner"}, FStage: {"Lead Status"},
			FDate: {"Created Time"},
		},
		Source: []string{"Lead Source", "re:^utm_", "Campaign Source"},
	},
	{
		Name: "HubSpot export", Kind: data.KindLeads, System: "hubspot",
		Require: []string{"Record ID", "Original Source|Lifecycle Stage|Deal Stage|Create Date"},
		Columns: map[Field][]string{
			FRecordID: {"Record ID"}, FFirstName: {"First Name"}, FLastName: {"Last Name"}, FName: {"Deal Name", "Full Name", "Name"},
			FEmail: {"Email"}, FPhone: {"Phone Number", "Mobile Phone Number", "Phone"}, FCompany: {"Company Name", "Associated Company", "Company"},
			FOwner: {"Contact owner", "Deal owner", "Owner"}, FStage: {"Lifecycle Stage", "Deal Stage", "Lead Status"},
			FDate: {"Create Date", "Created Date", "Became a Lead Date"}, FClickID: {"gclid", "Google ad click id", "Facebook click id"},
			FOrderRef: {"Invoice number", "Order number"},
		},
		Source: []string{"Original Source", "Original Source Drill-Down 1", "Original Source Drill-Down 2", "Latest Source",
			"Latest Source Drill-Down 1", "Latest Source Drill-Down 2", "Original Source Type", "First Conversion",
			"Recent Conversion", "Record source", "re:^utm_", "re:how did you (hear|find)", "re:lead source", "re:referr"},
	},
	{
		Name: "Salesforce report", Kind: data.KindLeads, System: "salesforce",
		Require: []string{"Lead Source|Opportunity Name", "Create Date|Created Date|Lead Created Date"},
		Columns: map[Field][]string{
			FRecordID: {"Lead ID", "Id", "Opportunity ID", "Contact ID"}, FFirstName: {"First Name"}, FLastName: {"Last Name"},
			FName: {"Name", "Full Name", "Opportunity Name"}, FCompany: {"Company / Account", "Company", "Account Name"},
			FEmail: {"Email"}, FPhone: {"Phone", "Mobile"}, FOwner: {"Lead Owner", "Opportunity Owner", "Owner"},
			FStage: {"Lead Status", "Stage", "Status"}, FDate: {"Create Date", "Created Date", "Lead Created Date"},
		},
		Source:        []string{"Lead Source", "re:how did you (hear|find)", "Campaign", "Campaign Source", "re:^utm_"},
		SkipFirstCell: []string{"Confidential Information", "Copyright (c)", "Grand Totals", "Total"},
		KeyFields:     []Field{FRecordID},
	},
	{
		Name: "Pipedrive deals", Kind: data.KindLeads, System: "pipedrive",
		Require: []string{"Deal - Title"},
		Columns: map[Field][]string{
			FRecordID: {"Deal - ID"}, FName: {"Deal - Contact person", "Person - Name"},
			FCompany: {"Deal - Organization", "Deal - Organisation", "Organization - Name", "Organisation - Name"},
			FEmail:   {"Person - Email"}, FPhone: {"Person - Phone"}, FOwner: {"Deal - Owner"}, FStage: {"Deal - Stage"},
			FDate: {"Deal - Deal created", "Deal - Creation date", "Deal - Deal created on", "Deal - Add time"},
		},
		Source: []string{"Deal - Source channel", "Deal - Source origin", "Deal - Lead source", "Deal - Source"},
	},

	{
		// PayPal › Activity › Download, the short ("balance affecting")
		// and the full layouts. Only payments received are sales; what the
		// owner paid, card funding, transfers and conversions are not.
		Name: "PayPal activity", Kind: data.KindSales, System: "paypal",
		Require: []string{"Date", "Time", "TimeZone|Time Zone", "Name", "Type", "Status", "Currency", "Gross|Amount"},
		Columns: map[Field][]string{
			FDate: {"Date"}, FTime: {"Time"}, FTimeZone: {"TimeZone", "Time Zone"}, FCustomer: {"Name"}, FType: {"Type"},
			FStatus: {"Status"}, FCurrency: {"Currency"}, FTotal: {"Gross", "Amount"}, FOrderID: {"Transaction ID", "Receipt ID"},
			FEmail: {"From Email Address"}, FPhone: {"Contact Phone Number"}, FRefundOf: {"Reference Txn ID"},
		},
		Kinds: []KindRule{
			{Field: FType, Values: []string{"Payment Refund", "Refund"}, Kind: data.SaleRefund},
			{Field: FStatus, Values: []string{"Denied", "Failed", "Canceled", "Cancelled", "Reversed", "Pending", "Unclaimed"}, Kind: data.SaleVoid},
		},
		LeaveOut: []LeaveOut{
			{Fields: []Field{FType}, Values: []string{"General Card Deposit", "Bank Deposit to PP Account", "General Withdrawal", "General Currency Conversion",
				"User Initiated Withdrawal", "Transfer", "General Credit Card Deposit", "General Credit Card Withdrawal", "Hold on Balance for Dispute Investigation",
				"Account Hold for Open Authorization", "Reversal of General Account Hold", "General Authorization", "Void of Authorization"},
				What: "card funding, transfers, currency conversions and holds, which move the owner's own money"},
			{Negative: FTotal, Fields: []Field{FType}, Except: []string{"Payment Refund", "Refund"}, What: "payments the owner sent (purchases), which are not sales"},
		},
		Holds: "payments received",
	},

	// ---- Stock ----
	{
		// Shopify › Products › Inventory › Export: one row per variant and
		// location. The 2023–24 layout has Incoming … On hand; the current
		// one On hand (current) and an empty On hand (new) for edits.
		Name: "Shopify inventory", Kind: data.KindStock, System: "shopify",
		Require: []string{"Handle", "Title", "Option1 Value", "SKU", "On hand (current)|On hand|Available"},
		Columns: map[Field][]string{
			FSKU: {"SKU"}, FProduct: {"Title"}, FHandle: {"Handle"}, FOption1: {"Option1 Value"}, FOption2: {"Option2 Value"}, FOption3: {"Option3 Value"},
			FOnHand: {"On hand (current)", "On hand", "Available"}, FLocation: {"Location"},
		},
	},
	{
		// Shopify › Products › Export: one row per variant (the product's
		// Title only on its first row; rows of further images name no
		// variant). Its quantity is today's, the day it is imported.
		Name: "Shopify products", Kind: data.KindStock, System: "shopify",
		Require: []string{"Handle", "Title", "Variant SKU", "Variant Inventory Qty"},
		Columns: map[Field][]string{
			FSKU: {"Variant SKU"}, FProduct: {"Title"}, FHandle: {"Handle"}, FOption1: {"Option1 Value"}, FOption2: {"Option2 Value"},
			FOption3: {"Option3 Value"}, FOnHand: {"Variant Inventory Qty"}, FUnitCost: {"Cost per item"},
		},
		LeaveOut: []LeaveOut{{Fields: []Field{FOnHand, FSKU, FOption1}, Values: []string{""}, What: "rows of further product images, which name no variant"}},
	},
	{
		// The older Shopify inventory export: the quantity column is named
		// after the location, right after COO.
		Name: "Shopify inventory (by location)", Kind: data.KindStock, System: "shopify",
		Require: []string{"Handle", "Title", "Option1 Value", "SKU", "COO"},
		Columns: map[Field][]string{
			FSKU: {"SKU"}, FProduct: {"Title"}, FHandle: {"Handle"}, FOption1: {"Option1 Value"}, FOption2: {"Option2 Value"}, FOption3: {"Option3 Value"},
		},
		QuantityAfter: "COO",
	},
	{
		Name: "Stock on hand", Kind: data.KindStock, System: "stock",
		Require: []string{"On hand|Qty on hand|Quantity on hand|Available|In stock|Stock on hand|Inventory",
			"SKU|Variant SKU|Item code|Product code|Product|Title|Product name|Item name"},
		Columns: map[Field][]string{
			FSKU:      {"SKU", "Variant SKU", "Item code", "Product code"},
			FProduct:  {"Product", "Title", "Product name", "Item name", "Item", "Description"},
			FOnHand:   {"On hand", "Qty on hand", "Quantity on hand", "Available", "In stock", "Stock on hand", "Inventory"},
			FDate:     {"Date", "As of", "Count date", "Stock date"},
			FLocation: {"Location", "Warehouse", "Store"},
			FUnitCost: {"Unit cost", "Cost per item", "Cost", "Unit Cost"},
			FReceived: {"Received", "Received on", "Date received", "Arrival date", "Last received"},
		},
	},

	// ---- Known exports that hold nothing Lastmile stores ----
	{
		Name: "Google Analytics 4 export", Kind: data.KindAdStats, Require: []string{"re:."}, Title: `^#.*(GA4|property:)`,
		Refuse: "This is a Google Analytics 4 export: it counts website sessions, not ad spend, leads or sales. Lastmile does not import it. Download the Campaign report from Google Ads for ad spend instead.",
	},
	{
		Name: "Google Ads location report", Kind: data.KindAdStats, Require: []string{"Location|Country/Territory|City", "Campaign", "Cost"},
		Title:  "location report|user locations",
		Refuse: "This Google Ads report splits spend by location and has no days. Download the Campaign report (with the Day segment) instead.",
	},
	{
		Name: "Google Ads asset report", Kind: data.KindAdStats, Require: []string{"Asset|Asset type", "Cost"},
		Refuse: "This Google Ads report gives the spend of assets (sitelinks, callouts, images), which share the same clicks, so the money would be counted several times. Download the Campaign or Ad group report instead.",
	},
	{
		Name: "Google Ads overview card", Kind: data.KindAdStats, Require: []string{"Campaign Name", "Campaign Group Name", "Campaign Status", "Cost", "Clicks"},
		Refuse: "This is a card from the Google Ads Overview download: it has no dates. Download the Campaign report with the Day segment instead.",
	},
	{
		Name: "Profit and loss statement", Kind: data.KindSales, Require: []string{"re:."}, Title: "profit and loss|profit & loss|income statement",
		Refuse: "This is a profit and loss statement: it has one total per account for the period, not the sales themselves. In QuickBooks, export Reports › Sales by Customer Detail instead (in Xero, the invoices: Business › Invoices › Export).",
	},
	{
		Name: "Balance sheet", Kind: data.KindSales, Require: []string{"re:."}, Title: "balance sheet|statement of financial position",
		Refuse: "This is a balance sheet: it lists what the business owns and owes on one day, not sales. In QuickBooks, export Reports › Sales by Customer Detail instead (in Xero, the invoices: Business › Invoices › Export).",
	},
	{
		Name: "Cash flow statement", Kind: data.KindSales, Require: []string{"re:."}, Title: "cash flow|statement of cash flows",
		Refuse: "This is a cash flow statement: it has totals by kind of money movement, not sales. In QuickBooks, export Reports › Sales by Customer Detail instead.",
	},
	{
		Name: "Trial balance", Kind: data.KindSales, Require: []string{"re:."}, Title: "trial balance",
		Refuse: "This is a trial balance: it has one balance per account, not sales. In QuickBooks, export Reports › Sales by Customer Detail instead (in Xero, the invoices: Business › Invoices › Export).",
	},
	{
		Name: "Accounts receivable aging", Kind: data.KindSales, Require: []string{"re:."}, Title: `a/r aging|ar aging|accounts receivable aging|aged receivables|aged debtors`,
		Refuse: "This is an accounts receivable aging report: it lists what customers still owe by how overdue it is, not the sales as they happened. In QuickBooks, export Reports › Sales by Customer Detail instead (in Xero, the invoices: Business › Invoices › Export).",
	},
	{
		Name: "General ledger", Kind: data.KindSales, Require: []string{"re:."}, Title: "general ledger|transaction detail by account",
		Refuse: "This is a general ledger: it mixes every account, so sales cannot be told apart from other money. In QuickBooks, export Reports › Sales by Customer Detail instead.",
	},
	{
		Name: "Journal", Kind: data.KindSales, Require: []string{"re:."}, Title: `\bjournal\b`,
		Refuse: "This is a journal: it lists every entry of the books, so sales cannot be told apart from other money. In QuickBooks, export Reports › Sales by Customer Detail instead.",
	},
	{
		Name: "Google Analytics report", Kind: data.KindAdStats,
		Require: []string{"Pageviews|Sessions|Users|Bounce Rate|Unique Pageviews|New Users",
			"Page|Landing Page|Source / Medium|Default Channel Grouping|Source|Medium|Page path and screen class|Page title"},
		Refuse: "This is a Google Analytics report: it counts page views and visits to the website, not ad spend, leads or sales. Lastmile does not import it. Download the Campaign report from Google Ads for ad spend, and your shop's orders for sales.",
	},
	{
		Name: "Google Search Console performance", Kind: data.KindAdStats,
		Require: []string{"Position", "CTR", "Impressions", "Clicks", "Top queries|Top pages|Query|Page|Date|Country|Device|Search Appearance|Queries|Pages|Countries|Devices"},
		Refuse:  "This is a Google Search Console export: it counts clicks from Google's free search results, which cost nothing, so it holds no ad spend, leads or sales. Download the Campaign report from Google Ads for paid clicks and spend.",
	},
	{
		Name: "Google Business Profile performance", Kind: data.KindAdStats,
		Require: []string{"Business profile ID|Store code|Business name", "Calls made|Calls|Website clicks|Directions requests|Direction requests|Bookings"},
		Refuse:  "This is a Google Business Profile performance export: it counts views, calls and direction requests of the business listing, not ad spend, leads or sales. Lastmile does not import it.",
	},
	{
		Name: "QuickBooks sales summary", Kind: data.KindSales, Require: []string{"re:."}, Title: "sales by customer summary|sales by product/service summary",
		Refuse: "This QuickBooks summary has one total per customer and no dates. Export Reports › Sales by Customer Detail instead.",
	},
	{
		Name: "Xero chart of accounts", Kind: data.KindSales, Require: []string{"Code", "Name", "Type", "Tax Code"},
		Refuse: "This is a Xero chart of accounts: it lists accounts, not sales. In Xero, export your sales invoices (Business › Invoices › Export) instead.",
	},
}
