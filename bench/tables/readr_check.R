#!/usr/bin/env Rscript
# Reads every table of OUT with readr as an R user would, typed by
# OUT/datapackage.json, and checks the documented joins: cost_items ->
# cost_actions -> documents, gantt -> gantt_rows, gantt_rows -> their group
# row, every table -> documents, with no orphan. Exits 1 on any problem.
# The twin of pandas_check.py, for the other language researchers use.
#
#     apt-get install r-base-core r-cran-readr r-cran-jsonlite
#     Rscript bench/tables/readr_check.R OUT

suppressPackageStartupMessages({
  library(readr)
  library(jsonlite)
})

out <- commandArgs(trailingOnly = TRUE)[1]
package <- fromJSON(file.path(out, "datapackage.json"), simplifyVector = FALSE)
bad <- 0

collector <- function(type) {
  switch(type,
    integer = col_integer(),
    number = col_double(),
    boolean = col_logical(),
    date = col_date(),
    string = col_character(),
    stop("no collector for type ", type)
  )
}

read_table <- function(resource) {
  fields <- resource$schema$fields
  names <- vapply(fields, function(f) f$name, "")
  types <- vapply(fields, function(f) f$type, "")
  decimal <- "."
  for (f in fields) if (!is.null(f$decimalChar)) decimal <- f$decimalChar
  spec <- do.call(cols, setNames(lapply(types, collector), names))
  table <- read_delim(file.path(out, resource$path),
    delim = resource$dialect$delimiter, col_types = spec, na = "",
    locale = locale(decimal_mark = decimal, encoding = "UTF-8"),
    progress = FALSE, show_col_types = FALSE
  )
  wrong <- problems(table)
  if (nrow(wrong) > 0) {
    cat(resource$name, ": ", nrow(wrong), " values not of their declared type\n", sep = "")
    print(head(wrong))
    bad <<- bad + nrow(wrong)
  }
  if (!identical(colnames(table), names)) {
    cat(resource$name, ": header differs from the package\n")
    bad <<- bad + 1
  }
  key <- unlist(resource$schema$primaryKey)
  if (anyDuplicated(as.data.frame(table)[key]) > 0) {
    cat(resource$name, ": key", key, "repeated\n")
    bad <<- bad + 1
  }
  table
}

tables <- list()
for (resource in package$resources) {
  tables[[resource$name]] <- read_table(resource)
}
for (name in names(tables)) {
  t <- tables[[name]]
  shown <- head(colnames(t), 6)
  cat(name, ": ", nrow(t), " rows, ",
    paste(shown, vapply(shown, function(c) class(t[[c]])[1], ""), sep = ":", collapse = ", "),
    ", ...\n", sep = "")
}

# Rows of child whose key (all parts present) is not in parent.
orphans <- function(child, parent, on, label) {
  child <- as.data.frame(child)
  parent <- as.data.frame(parent)
  keyed <- child[stats::complete.cases(child[names(on)]), names(on), drop = FALSE]
  right <- unique(parent[unname(on)])
  colnames(right) <- names(on)
  right$present <- TRUE
  merged <- merge(keyed, right, by = names(on), all.x = TRUE)
  n <- sum(is.na(merged$present))
  cat(label, ": ", nrow(keyed), " rows joined, ", n, " orphans\n", sep = "")
  n
}

bad <- bad + orphans(tables$cost_items, tables$cost_actions,
  c(document_id = "document_id", action_no = "action_no"), "cost_items -> cost_actions")
bad <- bad + orphans(tables$cost_actions, tables$documents,
  c(document_id = "document_id"), "cost_actions -> documents")
bad <- bad + orphans(tables$gantt, tables$gantt_rows,
  c(document_id = "document_id", row_no = "row_no"), "gantt -> gantt_rows")
bad <- bad + orphans(tables$gantt_rows, tables$gantt_rows,
  c(document_id = "document_id", group_no = "row_no"), "gantt_rows -> their group")
for (name in setdiff(names(tables), "documents")) {
  bad <- bad + orphans(tables[[name]], tables$documents,
    c(document_id = "document_id"), paste(name, "-> documents"))
}

# The join researchers make: each action's items summed against its computed total.
items <- as.data.frame(tables$cost_items)
actions <- as.data.frame(tables$cost_actions)
joined <- merge(items, actions, by = c("document_id", "action_no"), suffixes = c("", "_action"))
sums <- aggregate(amount_eur ~ document_id + action_no + computed_eur, data = joined, FUN = sum)
mismatched <- sum(abs(sums$amount_eur - sums$computed_eur) > 0.005)
cat("cost items summed per action: ", nrow(sums), " actions with amounts, ", mismatched,
  " not equal to computed_eur\n", sep = "")
bad <- bad + mismatched

if (bad == 0) cat("ok\n") else cat(bad, "problems\n")
quit(status = if (bad == 0) 0 else 1)
