package com.acme.inventory

import org.springframework.http.ResponseEntity
import org.springframework.web.bind.annotation.GetMapping
import org.springframework.web.bind.annotation.PathVariable
import org.springframework.web.bind.annotation.RestController

@RestController
class StockController(private val stock: StockRepository) {
    @GetMapping("/v1/stock/{sku}")
    fun get(@PathVariable sku: String): ResponseEntity<Stock> =
        stock.findBySku(sku)?.let { ResponseEntity.ok(it) } ?: ResponseEntity.notFound().build()
}
