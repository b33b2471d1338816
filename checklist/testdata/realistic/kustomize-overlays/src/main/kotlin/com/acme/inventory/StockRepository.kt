package com.acme.inventory

import org.springframework.data.annotation.Id
import org.springframework.data.repository.CrudRepository

data class Stock(@Id val sku: String, val available: Int, val reserved: Int)

interface StockRepository : CrudRepository<Stock, String> {
    fun findBySku(sku: String): Stock?
}
