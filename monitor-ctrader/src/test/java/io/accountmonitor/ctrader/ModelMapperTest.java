package io.accountmonitor.ctrader;

import static org.assertj.core.api.Assertions.assertThat;

import io.accountmonitor.core.model.Deal;
import io.accountmonitor.core.model.Position;
import io.accountmonitor.core.model.TradeSide;
import io.accountmonitor.ctrader.protocol.ProtoOAClosePositionDetail;
import io.accountmonitor.ctrader.protocol.ProtoOADeal;
import io.accountmonitor.ctrader.protocol.ProtoOADealStatus;
import io.accountmonitor.ctrader.protocol.ProtoOAPosition;
import io.accountmonitor.ctrader.protocol.ProtoOAPositionStatus;
import io.accountmonitor.ctrader.protocol.ProtoOATradeData;
import io.accountmonitor.ctrader.protocol.ProtoOATradeSide;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelMapperTest {
    @Test
    void moneyUsesEntityDigitsOrTwo() {
        assertThat(ModelMapper.money(10053099944L, true, 8)).isEqualTo(new BigDecimal("100.53099944"));
        assertThat(ModelMapper.money(1234567, true, 2)).isEqualTo(new BigDecimal("12345.67"));
        assertThat(ModelMapper.money(1234567, false, 0)).isEqualTo(new BigDecimal("12345.67"));
        assertThat(ModelMapper.money(-5, true, 0)).isEqualTo(new BigDecimal("-5"));
    }

    @Test
    void volumeIsInHundredthsOfUnit() {
        assertThat(ModelMapper.volume(1000)).isEqualTo(new BigDecimal("10.00"));
        assertThat(ModelMapper.volume(100_000)).isEqualByComparingTo("1000");
    }

    @Test
    void positionUsesItsOwnMoneyDigits() {
        ProtoOAPosition position = ProtoOAPosition.newBuilder()
                .setPositionId(77)
                .setTradeData(ProtoOATradeData.newBuilder().setSymbolId(9).setVolume(250)
                        .setTradeSide(ProtoOATradeSide.SELL).setOpenTimestamp(1_700_000_000_000L))
                .setPositionStatus(ProtoOAPositionStatus.POSITION_STATUS_OPEN)
                .setSwap(-12_000_000L)
                .setCommission(-3_000_000L)
                .setUsedMargin(1_234_500_000L)
                .setMoneyDigits(8)
                .setPrice(1.2345)
                .build();

        Position mapped = ModelMapper.position(position, new BigDecimal("1.50"), Map.of(9L, "GBPUSD"));

        assertThat(mapped.positionId()).isEqualTo("77");
        assertThat(mapped.symbol()).isEqualTo("GBPUSD");
        assertThat(mapped.side()).isEqualTo(TradeSide.SELL);
        assertThat(mapped.volume()).isEqualByComparingTo("2.50");
        assertThat(mapped.entryPrice()).isEqualByComparingTo("1.2345");
        assertThat(mapped.swap()).isEqualTo(new BigDecimal("-0.12000000"));
        assertThat(mapped.commission()).isEqualTo(new BigDecimal("-0.03000000"));
        assertThat(mapped.usedMargin()).isEqualTo(new BigDecimal("12.34500000"));
        assertThat(mapped.unrealizedPnl()).isEqualByComparingTo("1.50");
        assertThat(mapped.openedAt()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));
    }

    @Test
    void positionWithoutOptionalFields() {
        ProtoOAPosition position = ProtoOAPosition.newBuilder()
                .setPositionId(78)
                .setTradeData(ProtoOATradeData.newBuilder().setSymbolId(404).setVolume(100)
                        .setTradeSide(ProtoOATradeSide.BUY))
                .setPositionStatus(ProtoOAPositionStatus.POSITION_STATUS_OPEN)
                .setSwap(-150)
                .setUsedMargin(5000)
                .build();

        Position mapped = ModelMapper.position(position, BigDecimal.ZERO, Map.of());

        assertThat(mapped.symbol()).isEqualTo("404");
        assertThat(mapped.swap()).isEqualTo(new BigDecimal("-1.50"));
        assertThat(mapped.usedMargin()).isEqualTo(new BigDecimal("50.00"));
        assertThat(mapped.entryPrice()).isEqualByComparingTo("0");
        assertThat(mapped.openedAt()).isEqualTo(Instant.EPOCH);
    }

    @Test
    void closingDealUsesCloseDetail() {
        ProtoOADeal deal = deal(5)
                .setMoneyDigits(2)
                .setCommission(-999)
                .setClosePositionDetail(ProtoOAClosePositionDetail.newBuilder()
                        .setEntryPrice(1.1)
                        .setGrossProfit(2_540_000_000L)
                        .setSwap(-10_000_000L)
                        .setCommission(-20_000_000L)
                        .setPnlConversionFee(-1_000_000L)
                        .setBalance(1_002_509_000_000L)
                        .setMoneyDigits(8))
                .build();

        Deal mapped = ModelMapper.deal(deal, Map.of(1L, "EURUSD"));

        assertThat(mapped.closing()).isTrue();
        assertThat(mapped.grossProfit()).isEqualTo(new BigDecimal("25.40000000"));
        assertThat(mapped.swap()).isEqualTo(new BigDecimal("-0.10000000"));
        assertThat(mapped.commission()).isEqualTo(new BigDecimal("-0.20000000"));
        assertThat(mapped.netProfit()).isEqualTo(new BigDecimal("25.09000000"));
        assertThat(mapped.balanceAfter()).isEqualTo(new BigDecimal("10025.09000000"));
    }

    @Test
    void closingDealWithoutDigitsScalesByTwo() {
        ProtoOADeal deal = deal(6)
                .setClosePositionDetail(ProtoOAClosePositionDetail.newBuilder()
                        .setEntryPrice(1.1)
                        .setGrossProfit(-1234)
                        .setSwap(0)
                        .setCommission(-66)
                        .setBalance(998_700))
                .build();

        Deal mapped = ModelMapper.deal(deal, Map.of());

        assertThat(mapped.grossProfit()).isEqualTo(new BigDecimal("-12.34"));
        assertThat(mapped.netProfit()).isEqualTo(new BigDecimal("-13.00"));
        assertThat(mapped.balanceAfter()).isEqualTo(new BigDecimal("9987.00"));
        assertThat(mapped.symbol()).isEqualTo("1");
    }

    @Test
    void openingDealCarriesOnlyCommission() {
        ProtoOADeal deal = deal(7).setCommission(-35).build();

        Deal mapped = ModelMapper.deal(deal, Map.of(1L, "EURUSD"));

        assertThat(mapped.closing()).isFalse();
        assertThat(mapped.commission()).isEqualTo(new BigDecimal("-0.35"));
        assertThat(mapped.netProfit()).isEqualTo(new BigDecimal("-0.35"));
        assertThat(mapped.grossProfit()).isEqualByComparingTo("0");
        assertThat(mapped.balanceAfter()).isNull();
        assertThat(mapped.volume()).isEqualByComparingTo("1000.00");
        assertThat(mapped.price()).isEqualByComparingTo("1.085");
        assertThat(mapped.executedAt()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_500L));
        assertThat(mapped.side()).isEqualTo(TradeSide.BUY);
    }

    private static ProtoOADeal.Builder deal(long dealId) {
        return ProtoOADeal.newBuilder()
                .setDealId(dealId)
                .setOrderId(10)
                .setPositionId(20)
                .setVolume(100_000)
                .setFilledVolume(100_000)
                .setSymbolId(1)
                .setCreateTimestamp(1_700_000_000_000L)
                .setExecutionTimestamp(1_700_000_000_500L)
                .setExecutionPrice(1.085)
                .setTradeSide(ProtoOATradeSide.BUY)
                .setDealStatus(ProtoOADealStatus.FILLED);
    }
}
